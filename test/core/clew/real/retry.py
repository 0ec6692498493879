"""Retrying calls with backoff, in the style of the standard library's functools and subprocess."""
import time
from typing import Any, Callable


def retry(fn: Callable[..., Any], /, *args: Any, attempts: int = 3, delay: float = 0.5, **kwargs: Any) -> Any:
    """Call fn(*args, **kwargs) until it returns, at most `attempts` times."""
    for attempt in range(attempts):
        try:
            return fn(*args, **kwargs)
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(delay * 2 ** attempt)


def run(cmd, *popenargs, timeout=None, check=False, **kwargs):
    return (cmd, popenargs, timeout, check, kwargs)


def clamp(value: float, /, low: float, high: float) -> float:
    return max(low, min(high, value))


def connect(host: str, port: int = 443, *, secure: bool = True) -> str:
    return f"{host}:{port}:{secure}"


class Backoff:
    def __init__(self, base: float, *, factor: float = 2.0) -> None:
        self.base = base
        self.factor = factor

    def delays(self, count, /):
        return [self.base * self.factor ** i for i in range(count)]
