from dataclasses import dataclass, field


@dataclass
class DemoContext:
    """Shared state between demo steps (what earlier steps created)."""

    stdout: object
    password: str
    users: dict = field(default_factory=dict)
    partners: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def say(self, message: str) -> None:
        self.stdout.write(message)
