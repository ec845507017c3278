"""The first frame takes keys before the cashier's window exists, and hands them over: the
text, an Enter (a scanner's suffix), and keys still arriving after the swap, in order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from app.ui.start.frame import StartFrame


def test_what_was_typed_before_the_window_reaches_its_search_in_order(qtbot) -> None:
    frame = StartFrame(training=True)
    qtbot.addWidget(frame)
    frame.show_first()
    assert frame.field.hasFocus() and frame.focused_at is not None
    qtbot.keyClicks(frame.field, "792000")  # the first half of a scan, before the window
    search = QLineEdit()
    qtbot.addWidget(search)
    edited: list[str] = []
    search.textEdited.connect(edited.append)
    entered: list[bool] = []
    frame.hand_over(search, lambda: entered.append(True))
    assert search.text() == "792000" and edited == ["792000"]  # typed, not set by the program
    qtbot.keyClicks(frame.field, "00001")  # the rest, on its way to the first frame
    assert search.text() == "79200000001"
    assert not frame.isVisible()
    assert entered == []


def test_an_enter_before_the_window_searches_once_it_is_there(qtbot) -> None:
    frame = StartFrame(training=False)
    qtbot.addWidget(frame)
    frame.show_first()
    qtbot.keyClicks(frame.field, "79200000001")
    qtbot.keyClick(frame.field, Qt.Key.Key_Return)
    search = QLineEdit()
    qtbot.addWidget(search)
    entered: list[str] = []
    frame.hand_over(search, lambda: entered.append(search.text()))
    assert entered == ["79200000001"]
    assert frame.findChild(object, "trainingBanner") is None


def test_the_keypads_enter_counts_too_and_the_training_banner_is_centred(qtbot) -> None:
    """The first frame names the Enter keys by number and centres the banner by its style
    sheet (PySide6's ``Qt`` namespace is not imported before it): the same as Qt's names."""
    frame = StartFrame(training=True)
    qtbot.addWidget(frame)
    frame.show_first()
    qtbot.keyClicks(frame.field, "79200000001")
    qtbot.keyClick(frame.field, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert frame.entered
    banner = frame.findChild(QLabel, "trainingBanner")
    assert banner is not None and banner.isVisible()
    assert banner.alignment() == Qt.AlignmentFlag.AlignCenter
