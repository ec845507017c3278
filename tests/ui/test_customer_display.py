"""The customer's screen follows a real sale against the sandbox, and never shows what the
customer may not see (#37): the window's every word, in every state, is searched for the
customer's phone, email, birthday and ID."""

from __future__ import annotations

import re
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.sale.customer_facing import first_name
from app.core.sale.state import Phase
from app.customer_display import display as display_module
from app.customer_display.display import CustomerDisplay
from app.customer_display.window import CustomerWindow, screen_for
from app.sandbox import demo
from app.ui.cashier.main_window import MainWindow
from tests.ui.test_cashier_flow import confirm, find, key, type_amount

IVAN = demo.CLIENTS[0]


def forbidden(texts: list[str]) -> list[str]:
    """Anything of the customer's that the customer display must never show."""
    found = []
    for text in texts:
        digits = re.sub(r"\D", "", text)
        if "9200000001" in digits or "@" in text or IVAN.id in text or "***" in text:
            found.append(text)
    return found


def test_a_sale_on_the_customers_screen_shows_nothing_private(
    qtbot, window: MainWindow, sandbox, monkeypatch
) -> None:
    monkeypatch.setattr(display_module, "RESULT_MS", 300)
    screen = CustomerWindow(window, "https://loyalty.example.ru/join")
    qtbot.addWidget(screen)
    screen.place_on(QApplication.primaryScreen())
    screen.show()
    shown = CustomerDisplay(window.controller, training=True, window=screen)
    seen: dict[str, list[str]] = {}

    def look(state: str) -> None:
        qtbot.wait(20)
        seen[state] = screen.texts()

    look("idle")
    assert screen.qr.isVisible()
    find(qtbot, window, IVAN.phone)
    look("customer")
    type_amount(qtbot, window, "1000")
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    key(qtbot, window, Qt.Key.Key_F6)
    key(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(window.controller.checkout.active_hold_ids))
    qtbot.waitUntil(lambda: any("зарезервированы" in t for t in screen.texts()))
    look("purchase with a hold")
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    qtbot.waitUntil(lambda: window.controller.checkout.balance_after is not None)
    shown.refresh()
    look("result")
    qtbot.waitUntil(lambda: shown.resting, timeout=3000)
    look("after the result")

    assert {state: forbidden(texts) for state, texts in seen.items()} == {
        state: [] for state in seen
    }
    assert "Добро пожаловать!" in seen["idle"] and "УЧЕБНЫЙ РЕЖИМ" in " ".join(seen["idle"])
    assert f"Здравствуйте, {first_name(IVAN.name)}!" in seen["customer"]
    assert any("878 Б" in text for text in seen["customer"])
    purchase = " ".join(seen["purchase with a hold"])
    assert "Покупка: 1\xa0000,00 ₽" in purchase and "Списываем баллов: 878" in purchase
    assert re.search(r"Баллы зарезервированы ещё \d+:\d\d", purchase)
    assert "К оплате:" in purchase
    result = " ".join(seen["result"])
    assert "Спасибо за покупку!" in result and "Списано:" in result
    assert "Теперь на счёте:" in result
    assert "Добро пожаловать!" in seen["after the result"]  # the result had its few seconds


def test_the_screen_the_setting_names() -> None:
    till, second, third = (SimpleNamespace(name=n) for n in ("till", "second", "third"))
    screens = [till, second, third]
    assert screen_for("auto", screens, till) is second  # type: ignore[arg-type]
    assert screen_for("auto", [till], till) is None  # type: ignore[arg-type]
    assert screen_for("screen:3", screens, till) is third  # type: ignore[arg-type]
    assert screen_for("screen:4", screens, till) is None  # type: ignore[arg-type]
    assert screen_for("off", screens, till) is None  # type: ignore[arg-type]


def test_the_first_name_only() -> None:
    assert first_name("ИВАН ПЕТРОВ") == "Иван"
    assert first_name("  ") == ""
