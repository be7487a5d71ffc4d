def test_once_runs_an_action_a_single_time(db):
    from digiketen.core import once

    calls = []

    def action():
        calls.append(1)
        return f"/resultaat/{len(calls)}"

    key = once.new_key()
    assert once.run(key, action) == "/resultaat/1"
    assert once.run(key, action) == "/resultaat/1"
    assert len(calls) == 1
