from django.contrib.auth import hashers


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    """Argon2id with the OWASP Password Storage Cheat Sheet's first configuration: 19 MiB of
    memory, 2 passes, 1 lane. Django's own default (100 MiB, 8 lanes) costs a third of a
    CPU-second per login on a small server; this one tens of milliseconds, still memory-hard.
    Hashes made with other parameters are rehashed at the next login (must_update)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
