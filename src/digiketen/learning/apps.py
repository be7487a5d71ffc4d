from django.apps import AppConfig


class LearningConfig(AppConfig):
    """Structural help: courses at low-threshold places (`courses`) and buddy volunteers
    (`buddies`). Each half keeps its own modules under models/, services/, selectors/ and
    views/; they meet only where the chain joins them (a help point visit or a laptop
    handout that asks for a course or a buddy)."""

    name = "digiketen.learning"
    verbose_name = "Leren en maatjes"
