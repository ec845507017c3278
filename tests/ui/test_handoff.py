"""The POS hand-off against a real window: ``loyalty-till sale`` runs as its own process, talks
to the window's local socket, and the cashier's part is done with real keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.journal.entry import Kind
from app.core.sale.money import MAX_AMOUNT
from app.core.sale.state import Phase
from app.handoff import protocol as handoff
from app.handoff.desk import HandoffDesk
from app.handoff.local_socket import LocalEndpoint
from app.handoff.protocol import HandoffProblem, receipt_id, sale_amount, server_name
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from app.ui.cashier.main_window import MainWindow
from app.ui.start.single_instance import claim_window
from app.ui.widgets import format as fmt
from tests.conftest import set_fault
from tests.ui.test_cashier_flow import confirm, find, key, type_amount

IVAN_PHONE = "+7 (920) 000-00-01"
IVAN = demo.REFERENCE_CLIENT_ID


def isolated(tmp_path: Path) -> dict[str, str]:
    """An environment whose program folders are under ``tmp_path`` (XDG on Linux; on Windows
    platformdirs asks the shell, so the user's own folders are used there)."""
    return {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "LOYALTY_TILL_DATA_DIR": str(tmp_path / "data" / "LoyaltyTill"),  # any OS
        "LOYALTY_TILL_CONFIG_DIR": str(tmp_path / "config" / "LoyaltyTill"),
        "LOYALTY_TILL_LOG_DIR": str(tmp_path / "state" / "LoyaltyTill" / "log"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def program_data_dir(env: dict[str, str]) -> Path:
    """The data folder the program sees in ``env``: asked of the program, not assumed."""
    probe = subprocess.run(
        [sys.executable, "-c", "from app.base.paths import data_dir; print(data_dir())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return Path(probe.stdout.strip())


@pytest.fixture
def till(window: MainWindow, tmp_path: Path) -> Iterator[tuple[MainWindow, dict[str, str]]]:
    """The window listening on the socket a ``sale`` process with this environment finds."""
    env = isolated(tmp_path)
    env["TILL_DATA_DIR"] = str(program_data_dir(env))  # for the tests below, not the program
    window.handoff = HandoffDesk(window, window.controller, window)
    endpoint = LocalEndpoint(window.handoff, server_name(Path(env["TILL_DATA_DIR"])))
    assert endpoint.listen()
    yield window, env
    endpoint.server.close()


def sale(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli.commands", "sale", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(qtbot, process: subprocess.Popen[str]) -> tuple[int, list[dict[str, object]]]:
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=20000)
    out, _err = process.communicate()
    assert process.returncode is not None
    return process.returncode, [json.loads(line) for line in out.splitlines() if line]


def open_confirmation(qtbot, window: MainWindow) -> None:
    """F9, leaving the real confirmation open (nobody answers it)."""
    key(qtbot, window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.confirmation.dialog is not None)


def close_confirmation(qtbot, window: MainWindow) -> None:
    """Esc in the confirmation: back to the sale, nothing sent."""
    dialog = window.confirmation.dialog
    assert dialog is not None
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.confirmation.dialog is None)


def waiting_for(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.handoff is not None and window.handoff.ticket is not None)


def test_spend_handed_over_before_the_customer(qtbot, till, sandbox: SandboxServer) -> None:
    window, env = till
    process = sale(env, "--amount", "1 234,50", "--receipt", "R-0042", "--wait", "--json")
    waiting_for(qtbot, window)
    assert "234,50" in window.next_step.text()  # the cashier sees the amount arrived
    find(qtbot, window, IVAN_PHONE)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    assert window.panel.amount.text() == "1234,50"  # filled as if typed, preview asked
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    code, replies = finished(qtbot, process)
    assert code == handoff.COMPLETED
    assert replies[0] == {"ok": True, "state": "waiting"}
    outcome = replies[1]
    entry = window.journal.latest_retail(
        IVAN, window.controller.teller.server, window.controller.teller.loyalty.point
    )
    assert entry is not None
    assert entry.receipt == "R-0042"
    assert outcome == {
        "outcome": "spent",
        "amount": "1234.50",
        "to_pay": "356.50",
        "points_spent": "878",
        "points_earned": "0",
        "discount": "0.00",
        "customer": entry.customer,
        "journal_id": entry.id,
        "receipt": "R-0042",
    }
    assert "***" in str(outcome["customer"])
    assert sandbox.store.balance(IVAN) == 0
    # The manager finds the sale by the POS's receipt in the journal (F11).
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.dialogs.journal_window is not None)
    journal = window.dialogs.journal_window
    assert journal is not None
    model = journal.model  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    details = model.data(model.index(0, model.DETAILS), Qt.ItemDataRole.DisplayRole)
    assert details.endswith("чек R-0042")
    journal.close()


def test_earn_handed_over_to_the_customer_on_screen(qtbot, till, sandbox) -> None:
    window, env = till
    find(qtbot, window, IVAN_PHONE)
    process = sale(env, "--amount", "250", "--wait", "--json")
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    confirm(qtbot, window)
    code, replies = finished(qtbot, process)
    assert code == handoff.COMPLETED
    assert replies[0]["state"] == "filled"
    assert replies[1]["outcome"] == "earned"
    assert (replies[1]["points_earned"], replies[1]["to_pay"]) == ("25", "250.00")
    assert replies[1]["receipt"] is None
    assert sandbox.store.balance(IVAN) == 903


def test_cancel_ends_the_wait_without_a_sale(qtbot, till, sandbox) -> None:
    window, env = till
    process = sale(env, "--amount", "500", "--wait", "--json")
    waiting_for(qtbot, window)
    find(qtbot, window, IVAN_PHONE)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    key(qtbot, window, Qt.Key.Key_Escape)  # the cashier: new customer
    code, replies = finished(qtbot, process)
    assert code == handoff.NOT_COMPLETED
    assert replies[1]["outcome"] == "cancelled"
    assert sandbox.store.balance(IVAN) == 878
    assert [e for e in window.journal.entries() if e.kind is Kind.RETAIL] == []


def test_a_newer_hand_off_replaces_one_not_yet_sent(qtbot, till) -> None:
    window, env = till
    first = sale(env, "--amount", "100", "--receipt", "OLD", "--wait", "--json")
    waiting_for(qtbot, window)
    second = sale(env, "--amount", "200", "--receipt", "NEW", "--wait", "--json")
    code, replies = finished(qtbot, first)
    assert code == handoff.NOT_COMPLETED
    assert (replies[1]["outcome"], replies[1]["receipt"]) == ("cancelled", "OLD")
    find(qtbot, window, IVAN_PHONE)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    assert window.panel.amount.text() == "200,00"
    confirm(qtbot, window)
    code, replies = finished(qtbot, second)
    assert (code, replies[1]["receipt"], replies[1]["amount"]) == (0, "NEW", "200.00")


def test_esc_on_an_empty_screen_drops_a_waiting_amount(qtbot, till) -> None:
    window, env = till
    process = sale(env, "--amount", "700", "--receipt", "R-5", "--wait", "--json")
    waiting_for(qtbot, window)
    assert "700" in window.next_step.text()
    key(qtbot, window, Qt.Key.Key_Escape)
    code, replies = finished(qtbot, process)
    assert code == handoff.NOT_COMPLETED
    assert replies[1]["outcome"] == "cancelled"
    assert replies[1]["receipt"] == "R-5"
    assert "700" not in window.next_step.text()
    find(qtbot, window, IVAN_PHONE)  # the next customer starts with an empty amount
    assert window.panel.amount.text() == ""


def test_refused_while_a_confirmation_is_open(qtbot, till, sandbox) -> None:
    window, env = till
    find(qtbot, window, IVAN_PHONE)
    type_amount(qtbot, window, "300")
    open_confirmation(qtbot, window)
    code, replies = finished(qtbot, sale(env, "--amount", "9999", "--wait", "--json"))
    assert code == handoff.REFUSED
    assert replies == [
        {
            "ok": False,
            "code": "busy",
            "message": "В кассе открыто подтверждение: сначала завершите его.",
        }
    ]
    assert window.panel.amount.text() == "300"  # never mixed into the sale on screen
    assert window.controller.checkout.amount == Decimal(300)
    assert window.handoff is not None
    assert window.handoff.ticket is None
    close_confirmation(qtbot, window)


def test_refused_while_the_sale_is_being_sent(qtbot, till, sandbox) -> None:
    window, _env = till
    set_fault(sandbox, latency_ms=700, routes=["retail"], count=1)
    find(qtbot, window, IVAN_PHONE)
    type_amount(qtbot, window, "300")
    confirm(qtbot, window)
    assert window.controller.checkout.phase is Phase.SUBMITTING
    assert window.handoff is not None
    with pytest.raises(HandoffProblem, match="Покупка отправляется"):
        window.handoff.sale("10", None, None)
    assert window.handoff.ticket is None
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert window.controller.checkout.result is not None
    assert window.controller.checkout.result.amount == Decimal(300)


def test_a_second_start_brings_the_running_window_forward(qtbot, till) -> None:
    window, env = till
    data = Path(env["TILL_DATA_DIR"])
    lock = claim_window(data)  # as the running program holds it
    assert lock is not None
    shown = []
    desk = window.handoff
    assert desk is not None
    original = desk.show
    desk.show = lambda: (shown.append(1), original())  # type: ignore[method-assign]
    second = subprocess.Popen([sys.executable, "-m", "app.cli.commands", "--training"], env=env)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
    assert second.returncode == 0
    assert shown == [1]
    assert claim_window(data) is None  # still one window
    lock.unlock()


def test_a_lock_left_by_a_crashed_window_is_taken_over(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from app.ui.start.single_instance import claim_window; "
            "lock = claim_window(Path(sys.argv[1])); print(lock is not None, flush=True); "
            "time.sleep(60)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "True"
    assert claim_window(tmp_path) is None  # held by a live process
    holder.kill()  # no unlock: as a crash leaves it
    holder.wait(timeout=10)
    assert (tmp_path / "window.lock").exists()
    taken = claim_window(tmp_path)
    assert taken is not None
    taken.unlock()


def test_refused_while_any_dialog_is_open(qtbot, till) -> None:
    from PySide6.QtWidgets import QMessageBox

    window, _env = till
    box = QMessageBox(QMessageBox.Icon.Information, "PIN", "PIN?", parent=window)
    box.setModal(True)
    box.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is box)
    assert window.handoff is not None
    with pytest.raises(HandoffProblem, match="В кассе открыто окно"):
        window.handoff.sale("100", None, None)
    box.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert window.handoff.sale("100", None, None) == "waiting"


def test_no_window_means_exit_3(tmp_path: Path) -> None:
    env = isolated(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "app.cli.commands", "sale", "--amount", "100", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == handoff.NO_TILL
    assert json.loads(result.stdout) == {
        "ok": False,
        "code": "no-till",
        "message": "Окно Loyalty Till у этого пользователя не запущено.",
    }


@pytest.mark.parametrize(
    ("language", "no_till", "bad_amount"),
    [
        ("ru", "Окно Loyalty Till у этого пользователя не запущено.", "Сумму '12,3,4' нельзя"),
        ("en", "No Loyalty Till window is running for this user.", "The amount '12,3,4' cannot"),
    ],
)
def test_the_pos_reads_the_tills_language_beside_stable_codes(
    tmp_path: Path, language: str, no_till: str, bad_amount: str
) -> None:
    """#35: the POS command's and the hand-off's messages were English with --lang ru. They
    follow the till's language setting; the codes a script reads stay as they were."""
    env = isolated(tmp_path)
    settings = tmp_path / "config" / "LoyaltyTill" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(f'language = "{language}"\n', encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli.commands", "sale", *args],
            env=env,
            capture_output=True,
            encoding="utf-8",  # what the command writes to a pipe on any system
            timeout=30,
        )

    missing = run("--amount", "100")  # text, as a person reads it
    assert (missing.returncode, missing.stdout.strip()) == (handoff.NO_TILL, no_till)
    bad = run("--amount", "12,3,4", "--json")
    said = json.loads(bad.stdout)
    assert (bad.returncode, said["code"]) == (handoff.BAD_ARGUMENT, "bad-amount")
    assert said["message"].startswith(bad_amount), said


@pytest.mark.parametrize("amount", ["", "-5", "1e3", "12,345", "1,5,0", "NaN", "10000001", "٣"])
def test_the_command_refuses_a_bad_amount_before_sending(tmp_path: Path, amount: str) -> None:
    env = isolated(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "app.cli.commands", "sale", f"--amount={amount}", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == handoff.BAD_ARGUMENT, result.stdout
    assert json.loads(result.stdout)["code"] == "bad-amount"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=24))
def test_fuzz_amount(text: str) -> None:
    try:
        value = sale_amount(text)
    except HandoffProblem as problem:
        assert problem.code == "bad-amount"
        return
    assert Decimal(0) < value <= MAX_AMOUNT
    assert value.as_tuple().exponent >= -2  # type: ignore[operator]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_receipt(text: str) -> None:
    try:
        kept = receipt_id(text)
    except HandoffProblem as problem:
        assert problem.code == "bad-receipt"
        return
    assert kept is None or (0 < len(kept) <= 64 and kept == kept.strip() and kept.isprintable())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=16))
def test_fuzz_amount_into_the_window(qtbot, window: MainWindow, text: str) -> None:
    """Whatever arrives, the window either refuses it and keeps what it had, or takes exactly
    that amount; never more."""
    desk = window.handoff or HandoffDesk(window, window.controller, window)
    window.handoff = desk
    QApplication.processEvents()
    before, field_before = desk.ticket, window.panel.amount.text()
    try:
        state = desk.sale(text, None, None)
    except HandoffProblem:
        assert desk.ticket is before
        assert window.panel.amount.text() == field_before
        return
    assert state == "waiting"  # no customer on screen in this window
    assert desk.ticket is not None
    assert desk.ticket.amount == sale_amount(text)
    assert fmt.money(desk.ticket.amount) in window.next_step.text()


TOKEN = "handoff-token-0123456789abcdef"


@pytest.fixture
def http_till(window: MainWindow) -> Iterator[tuple[MainWindow, str]]:
    from app.handoff.http_endpoint import HttpEndpoint

    window.handoff = HandoffDesk(window, window.controller, window)
    endpoint = HttpEndpoint(window.handoff, 0, TOKEN).start()
    yield window, f"http://127.0.0.1:{endpoint.port}"
    endpoint.stop()


def signed_post(url: str, content: bytes, token: str | None) -> dict[str, object]:
    """POST as a POS does (signed with ``token``; unsigned when None); the reply's status, JSON
    and whether its signature proves it came from the till holding ``token``."""
    from urllib.parse import urlsplit

    import httpx

    from app.handoff.signing import NONCE, reply_is_genuine, sign_request

    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers |= sign_request(token, "POST", urlsplit(url).path, content)
    answer = httpx.post(url, content=content, headers=headers, timeout=30)
    genuine = token is not None and reply_is_genuine(
        token, headers[NONCE], answer.status_code, answer.headers, answer.content
    )
    return {"status": answer.status_code, "json": answer.json(), "genuine": genuine}


def post_in_background(url: str, body: object, token: str | None) -> dict[str, object]:
    """POST from another thread (the GUI thread must stay free); the reply lands in the dict."""
    import json
    import threading

    reply: dict[str, object] = {}

    def run() -> None:
        reply.update(signed_post(url, json.dumps(body).encode(), token))

    threading.Thread(target=run, daemon=True).start()
    return reply


@pytest.mark.parametrize(
    "body",
    [
        b'{"amount": "100", "wait": true, "timeout": NaN}',
        b'{"amount": "100", "wait": true, "timeout": -Infinity}',
        b'{"amount": "100", "wait": true, "timeout": true}',
        b'{"amount": ' + b"[" * 1500 + b"]" * 1500 + b"}",
    ],
    ids=["NaN", "-Infinity", "true", "1500 deep"],
)
def test_http_odd_bodies_are_refused_before_anything_is_handed_over(
    qtbot, http_till, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """NaN or -Infinity as a timeout handed the amount over and the POS got 504 at once; a
    1,500-deep JSON body got 500 with a traceback in the log (#34)."""
    import threading

    window, url = http_till
    reply: dict[str, object] = {}

    def run() -> None:
        reply.update(signed_post(url + "/sale", body, TOKEN))

    threading.Thread(target=run, daemon=True).start()
    qtbot.waitUntil(lambda: "status" in reply)
    assert reply["status"] == 422
    assert reply["genuine"] is True
    assert window.handoff is not None and window.handoff.ticket is None  # nothing handed over
    assert window.panel.amount.text() == ""
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("token", [None, "wrong-token-0123456789", TOKEN + "x"])
def test_http_without_the_token_is_refused(qtbot, http_till, token: str | None) -> None:
    window, url = http_till
    for path in ("/sale", "/show", "/ping"):
        reply = post_in_background(url + path, {"amount": "100"}, token)
        qtbot.waitUntil(lambda r=reply: "status" in r)
        assert reply["status"] == 401
        assert reply["genuine"] is False
    assert window.handoff is not None
    assert window.handoff.ticket is None


def _raw_post(url: str, content: bytes, headers: dict[str, str]) -> dict[str, object]:
    import threading

    import httpx

    reply: dict[str, object] = {}

    def run() -> None:
        answer = httpx.post(url, content=content, headers=headers, timeout=30)
        reply["status"], reply["json"] = answer.status_code, answer.json()

    threading.Thread(target=run, daemon=True).start()
    return reply


def test_http_the_token_itself_is_refused_unless_bearer_is_allowed(qtbot, window) -> None:
    """A POS that sends the token as a bearer hands it to whoever listens: refused by default,
    so an integrator finds out at the first call, not after a squatter did (#34)."""
    from app.handoff.http_endpoint import HttpEndpoint

    window.handoff = HandoffDesk(window, window.controller, window)
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    strict = HttpEndpoint(window.handoff, 0, TOKEN).start()
    lenient = HttpEndpoint(window.handoff, 0, TOKEN, bearer=True).start()
    try:
        refused = _raw_post(f"http://127.0.0.1:{strict.port}/show", b"", bearer)
        allowed = _raw_post(f"http://127.0.0.1:{lenient.port}/show", b"", bearer)
        qtbot.waitUntil(lambda: "status" in refused and "status" in allowed)
        assert (refused["status"], refused["json"]) == (
            401,
            {"ok": False, "code": "unauthorised", "why": "unsigned"},
        )
        assert (allowed["status"], allowed["json"]) == (200, {"ok": True})
    finally:
        strict.stop()
        lenient.stop()


def test_http_a_signed_request_is_served_once_and_only_while_fresh(qtbot, http_till) -> None:
    """The same signed request sent twice (a replay) and one signed 31 s ago or before the
    endpoint started are refused; the first is served and its reply is signed."""
    from urllib.parse import urlsplit

    from app.handoff.signing import SKEW_SECONDS, sign_request

    window, url = http_till
    body = b'{"amount": "100"}'
    path = urlsplit(url + "/sale").path
    headers = {"Content-Type": "application/json", **sign_request(TOKEN, "POST", path, body)}
    first = _raw_post(url + "/sale", body, headers)
    qtbot.waitUntil(lambda: "status" in first)
    again = _raw_post(url + "/sale", body, headers)
    qtbot.waitUntil(lambda: "status" in again)
    assert first["status"] == 200
    assert (again["status"], again["json"]["why"]) == (401, "replayed")  # type: ignore[index]
    old = sign_request(TOKEN, "POST", "/show", b"", now=time.time() - SKEW_SECONDS - 1)
    stale = _raw_post(url + "/show", b"", old)
    qtbot.waitUntil(lambda: "status" in stale)
    assert (stale["status"], stale["json"]["why"]) == (401, "stale")  # type: ignore[index]
    body_changed = _raw_post(
        url + "/sale", b'{"amount": "1"}', {**headers, **sign_request(TOKEN, "POST", path, body)}
    )
    qtbot.waitUntil(lambda: "status" in body_changed)
    assert body_changed["status"] == 401  # the signature covers the body
    assert window.handoff is not None and window.handoff.ticket is not None
    assert window.handoff.ticket.amount == Decimal("100")


def test_http_sale_waits_for_the_outcome(qtbot, http_till, sandbox) -> None:
    window, url = http_till
    reply = post_in_background(
        url + "/sale", {"amount": "250,00", "receipt": "POS-7", "wait": True}, TOKEN
    )
    waiting_for(qtbot, window)
    find(qtbot, window, IVAN_PHONE)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    assert "status" not in reply  # still waiting for the cashier
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: "status" in reply, timeout=10000)
    assert reply["status"] == 200
    assert reply["genuine"] is True  # signed by the till under the request's nonce
    body = reply["json"]
    assert isinstance(body, dict)
    assert (body["outcome"], body["points_earned"], body["receipt"]) == ("earned", "25", "POS-7")
    assert sandbox.store.balance(IVAN) == 903


def test_http_bad_amount_is_422_and_busy_is_409(qtbot, http_till) -> None:
    window, url = http_till
    bad = post_in_background(url + "/sale", {"amount": "12,3,4"}, TOKEN)
    qtbot.waitUntil(lambda: "status" in bad)
    assert bad["status"] == 422
    find(qtbot, window, IVAN_PHONE)
    type_amount(qtbot, window, "300")
    open_confirmation(qtbot, window)
    busy = post_in_background(url + "/sale", {"amount": "10"}, TOKEN)
    qtbot.waitUntil(lambda: "status" in busy)
    assert busy["status"] == 409
    close_confirmation(qtbot, window)


def test_f1_copies_what_a_completed_sale_gives_never_a_preview(
    qtbot, window: MainWindow, sandbox: SandboxServer
) -> None:
    """F1 copied an unconfirmed preview's "to pay" and points: a POS that pasted it gave the
    discount for a sale that was never sent. Now it copies the completed sale's figures and,
    before that, says on screen why nothing was copied."""
    QApplication.clipboard().setText("before")
    find(qtbot, window, IVAN_PHONE)
    type_amount(qtbot, window, "1234,50")
    key(qtbot, window, Qt.Key.Key_F6)
    key(qtbot, window, Qt.Key.Key_F1)
    assert QApplication.clipboard().text() == "before"
    assert window.status_last.full_text() == (
        "Ничего не скопировано: F1 копирует суммы проведённой покупки. Сначала проведите её (F9)."
    )
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    key(qtbot, window, Qt.Key.Key_F1)
    assert QApplication.clipboard().text() == "356,50\t878"
    assert sandbox.store.balance(IVAN) == 0


def test_an_amount_the_cashier_changes_lets_the_pos_receipt_go(
    qtbot, till, sandbox: SandboxServer
) -> None:
    """102 ₽ handed over as receipt TO-3, the cashier typed 3 000: the journal showed a
    3 000 ₽ purchase «чек TO-3». Changing the amount ends the hand-off (the POS hears
    "cancelled") and the sale is journaled without the POS's receipt; the screen says so."""
    window, env = till
    find(qtbot, window, IVAN_PHONE)
    process = sale(env, "--amount", "102", "--receipt", "TO-3", "--wait", "--json")
    qtbot.waitUntil(lambda: window.panel.amount.text() == "102,00")
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    window.panel.amount.selectAll()
    qtbot.keyClicks(window.panel.amount, "3000")
    code, replies = finished(qtbot, process)
    assert (code, replies[1]["outcome"], replies[1]["receipt"]) == (
        handoff.NOT_COMPLETED,
        "cancelled",
        "TO-3",
    )
    assert "TO-3" in window.status_last.full_text()
    qtbot.waitUntil(lambda: window.controller.checkout.amount == Decimal(3000))
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    entry = window.journal.latest_retail(
        IVAN, window.controller.teller.server, window.controller.teller.loyalty.point
    )
    assert entry is not None
    assert (entry.amount, entry.receipt) == (Decimal(3000), None)


def test_the_pos_amount_kept_keeps_its_receipt(qtbot, till, sandbox: SandboxServer) -> None:
    """Typing the same amount again (or confirming it as handed) is still the POS's sale."""
    window, env = till
    find(qtbot, window, IVAN_PHONE)
    process = sale(env, "--amount", "300", "--receipt", "TO-4", "--wait", "--json")
    qtbot.waitUntil(lambda: window.panel.amount.text() == "300,00")
    window.panel.amount.selectAll()
    qtbot.keyClicks(window.panel.amount, "300")
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    confirm(qtbot, window)
    code, replies = finished(qtbot, process)
    assert (code, replies[1]["receipt"]) == (handoff.COMPLETED, "TO-4")


def test_a_lost_reply_is_reported_as_unknown(qtbot, till, sandbox) -> None:
    """The retail's request never reached the server, and nothing proves whether it will: the
    POS hears "unknown" (exit 5) and must not charge on its own."""
    window, env = till
    set_fault(sandbox, mode="drop", phase="before", routes=["retail"], count=1)
    find(qtbot, window, IVAN_PHONE)
    process = sale(env, "--amount", "300", "--receipt", "R-9", "--wait", "--json")
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    confirm(qtbot, window)
    code, replies = finished(qtbot, process)
    assert code == handoff.UNKNOWN
    assert replies[1]["outcome"] == "unknown"
    assert replies[1]["receipt"] == "R-9"
    # Unknown figures are unknown, not 0 (the journal may later show 300 spent).
    figures = ("to_pay", "points_spent", "points_earned", "discount")
    assert [replies[1][name] for name in figures] == [None, None, None, None]
    entry = window.journal.get(int(replies[1]["journal_id"]))
    assert entry.receipt == "R-9"
    assert not entry.settled


def test_a_hand_off_after_a_finished_sale_waits_for_the_next_customer(qtbot, till) -> None:
    window, env = till
    find(qtbot, window, IVAN_PHONE)
    type_amount(qtbot, window, "100")
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
    process = sale(env, "--amount", "200", "--json")
    code, replies = finished(qtbot, process)
    assert (code, replies[0]["state"]) == (handoff.COMPLETED, "waiting")
    assert (
        window.controller.checkout.result is not None
    )  # the finished sale stays on screen, untouched
    assert window.controller.checkout.amount == Decimal(100)
    find(qtbot, window, demo.CLIENTS[1].phone)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    assert window.panel.amount.text() == "200,00"
    assert window.controller.checkout.amount == Decimal(200)


def test_leaving_while_the_sale_is_being_checked_is_unknown_not_cancelled(
    qtbot, till, sandbox
) -> None:
    """The reply was lost and the cashier moves on while the till still checks: a late server
    may yet apply the sale, so the POS must not hear "cancelled" and charge in full."""
    window, env = till
    set_fault(sandbox, mode="drop", phase="before", routes=["retail"], count=1)
    find(qtbot, window, IVAN_PHONE)
    process = sale(env, "--amount", "300", "--wait", "--json")
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.CHECKING, timeout=10000)
    key(qtbot, window, Qt.Key.Key_Escape)
    code, replies = finished(qtbot, process)
    assert (code, replies[1]["outcome"]) == (handoff.UNKNOWN, "unknown")
    assert replies[1]["journal_id"] is not None


# ---- a POS that stops waiting (money at a real till, finding 5) -----------------------------


def test_a_hand_off_that_replaces_one_whose_waiter_timed_out_takes_the_field(
    qtbot, till, sandbox
) -> None:
    """``sale A --wait --timeout 3`` gave up (exit 6); ``sale B --wait`` then got only
    "timeout" and the window kept A's 1 500,50 under an error dialog. B must take the field
    and hear its own outcome."""
    window, env = till
    find(qtbot, window, IVAN_PHONE)
    first = sale(env, "--amount", "1500.50", "--receipt", "A", "--wait", "--json", "--timeout", "3")
    qtbot.waitUntil(lambda: window.panel.amount.text() == "1500,50", timeout=10000)
    code, replies = finished(qtbot, first)
    assert code == handoff.TIMED_OUT
    second = sale(env, "--amount", "100", "--receipt", "B", "--wait", "--json")
    qtbot.waitUntil(lambda: window.panel.amount.text() == "100,00", timeout=10000)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    assert window.controller.checkout.amount == 100
    assert QApplication.activeModalWidget() is None  # no "unexpected error"
    confirm(qtbot, window)
    code, replies = finished(qtbot, second)
    assert replies[0] == {"ok": True, "state": "filled"}
    assert (code, replies[1]["outcome"], replies[1]["amount"], replies[1]["receipt"]) == (
        handoff.COMPLETED,
        "earned",
        "100.00",
        "B",
    )
    [operation] = sandbox.store.operations(IVAN)
    assert operation["amount"] in (100, "100", "100.00")


def test_a_sale_whose_waiter_gave_up_still_ends_in_the_window_and_the_journal(
    qtbot, till, sandbox
) -> None:
    window, env = till
    process = sale(
        env, "--amount", "300", "--receipt", "GAVE-UP", "--wait", "--json", "--timeout", "2"
    )
    waiting_for(qtbot, window)
    find(qtbot, window, IVAN_PHONE)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    code, _replies = finished(qtbot, process)
    assert code == handoff.TIMED_OUT
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE, timeout=10000)
    assert QApplication.activeModalWidget() is None
    assert window.handoff is not None
    assert window.handoff.ticket is None
    entry = window.journal.latest_retail(
        IVAN, window.controller.teller.server, window.controller.teller.loyalty.point
    )
    assert entry is not None
    assert entry.receipt == "GAVE-UP"
    assert sandbox.store.balance(IVAN) == 578


def test_http_a_timed_out_waiter_then_esc_leaves_nothing_for_the_next_customer(
    qtbot, http_till
) -> None:
    """Esc dropping a hand-off whose HTTP waiter had timed out raised InvalidStateError, and
    «С кассы: 700,00 ₽» stayed to fill the next customer's amount."""
    window, url = http_till
    reply = post_in_background(url + "/sale", {"amount": "700", "wait": True, "timeout": 1}, TOKEN)
    qtbot.waitUntil(lambda: "status" in reply, timeout=10000)
    assert reply["status"] == 504
    assert "700" in window.next_step.text()  # the sale goes on in the window
    key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "700" not in window.next_step.text())
    assert window.handoff is not None
    assert window.handoff.ticket is None
    assert QApplication.activeModalWidget() is None
    find(qtbot, window, IVAN_PHONE)
    assert window.panel.amount.text() == ""


def test_http_a_replacement_after_a_timed_out_waiter_is_filled(qtbot, http_till, sandbox) -> None:
    window, url = http_till
    find(qtbot, window, IVAN_PHONE)
    first = post_in_background(url + "/sale", {"amount": "700", "wait": True, "timeout": 1}, TOKEN)
    qtbot.waitUntil(lambda: "status" in first, timeout=10000)
    assert first["status"] == 504
    second = post_in_background(url + "/sale", {"amount": "250", "wait": True}, TOKEN)
    qtbot.waitUntil(lambda: window.panel.amount.text() == "250,00", timeout=10000)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: "status" in second, timeout=10000)
    body = second["json"]
    assert isinstance(body, dict)
    assert (second["status"], body["outcome"], body["amount"]) == (200, "earned", "250.00")


def test_a_spend_whose_outcome_cannot_be_written_is_reported_as_spent(qtbot, till, sandbox) -> None:
    """The till's own computer, finding 1: the journal held by another process while the
    reply came: the POS heard "cancelled" (exit 1) for points that were spent."""
    from tests.money.test_journal_refuses import held

    window, env = till
    set_fault(sandbox, latency_ms=700, routes=["retail"], count=1)  # under the 1 s read timeout
    process = sale(env, "--amount", "300", "--receipt", "R-LOCK", "--wait", "--json")
    waiting_for(qtbot, window)
    find(qtbot, window, IVAN_PHONE)
    qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
    key(qtbot, window, Qt.Key.Key_F6)
    confirm(qtbot, window)
    reader = window.journal.reader()
    qtbot.waitUntil(lambda: any(e.state.value == "pending" for e in reader.entries()))
    reader.close()
    with held(window.journal.path):  # the intent is in; the outcome will find it locked
        code, replies = finished(qtbot, process)
        assert code == handoff.COMPLETED
        assert (replies[1]["outcome"], replies[1]["points_spent"]) == ("spent", "300")
        assert window.controller.checkout.phase is Phase.DONE
        assert "Покупка проведена" in window.sale.result.text()
        assert window.journal.deferred == 1
    assert sandbox.store.balance(IVAN) == 578
    qtbot.waitUntil(lambda: window.journal.deferred == 0, timeout=15000)  # the sweep wrote it
    entry = window.journal.latest_retail(
        IVAN, window.controller.teller.server, window.controller.teller.loyalty.point
    )
    assert entry is not None
    assert (entry.state.value, entry.receipt) == ("done", "R-LOCK")


FLOODER = """
import socket, sys, time
port, count, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
held = []
for _ in range(count):
    try:
        held.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    except OSError:
        break
print(len(held), flush=True)
time.sleep(hold)
"""


@pytest.mark.slow
@pytest.mark.skipif(
    sys.platform == "win32", reason="descriptor limits (RLIMIT_NOFILE) are POSIX; Windows has none"
)
def test_a_flood_of_idle_connections_does_not_stop_the_hand_off(qtbot, http_till, sandbox) -> None:
    """The till's own computer, finding 4: ~1,100 idle connections to the loopback port from
    any local user exhausted the till's descriptors; no sale worked. 2,000 here, from another
    process, with this process held to the 1,024 descriptors a till has by default."""
    import resource
    import threading

    window, url = http_till
    port = url.rsplit(":", 1)[1]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    flood = subprocess.Popen(  # started first: its own limit is this machine's, not 1,024
        [sys.executable, "-c", FLOODER, port, "2000", "8"], stdout=subprocess.PIPE, text=True
    )
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
    try:
        assert flood.stdout is not None
        opened: list[str] = []
        reader = threading.Thread(target=lambda: opened.append(flood.stdout.readline()))
        reader.start()
        qtbot.waitUntil(lambda: bool(opened), timeout=30000)
        assert int(opened[0]) == 2000  # all accepted by the kernel; the till keeps few
        reply = post_in_background(url + "/sale", {"amount": "250,00", "wait": True}, TOKEN)
        waiting_for(qtbot, window)
        find(qtbot, window, IVAN_PHONE)
        qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
        confirm(qtbot, window)
        qtbot.waitUntil(lambda: "status" in reply, timeout=15000)
        assert reply["status"] == 200
        assert reply["json"]["outcome"] == "earned"
        open_fds = len(list(Path("/proc/self/fd").iterdir()))
        assert open_fds < 400, open_fds  # idle connections were closed, not kept
        flood.wait(timeout=30)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


POS_ORIGIN = "https://pos.chain.example"


@pytest.fixture
def browser_till(window: MainWindow) -> Iterator[tuple[MainWindow, str]]:
    from app.handoff.http_endpoint import HttpEndpoint

    window.handoff = HandoffDesk(window, window.controller, window)
    endpoint = HttpEndpoint(window.handoff, 0, TOKEN, origins=[POS_ORIGIN]).start()
    yield window, f"http://127.0.0.1:{endpoint.port}"
    endpoint.stop()


def _preflight(url: str, origin: str) -> dict[str, object]:
    import threading

    import httpx

    reply: dict[str, object] = {}

    def run() -> None:
        answer = httpx.options(
            url,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": (
                    "content-type,x-till-time,x-till-nonce,x-till-signature"
                ),
                "Access-Control-Request-Private-Network": "true",
            },
            timeout=10,
        )
        reply["status"], reply["headers"] = answer.status_code, dict(answer.headers)

    threading.Thread(target=run, daemon=True).start()
    return reply


def test_a_browser_pos_on_the_allow_list_may_call_and_no_other_page_may(
    qtbot, browser_till
) -> None:
    """#37: a web POS's page (CORS, and Chrome's Private Network Access preflight) from the
    origin in handoff_http_origins; a page from anywhere else gets no CORS header at all, and
    its request never reaches the till."""
    import json as json_module

    window, url = browser_till
    allowed = _preflight(url + "/sale", POS_ORIGIN)
    other = _preflight(url + "/sale", "https://evil.example")
    qtbot.waitUntil(lambda: "status" in allowed and "status" in other)
    headers = allowed["headers"]
    assert isinstance(headers, dict)
    assert allowed["status"] == 200
    assert headers["access-control-allow-origin"] == POS_ORIGIN
    assert headers["access-control-allow-private-network"] == "true"
    assert "x-till-signature" in headers["access-control-allow-headers"]
    assert other["status"] == 403
    assert not [h for h in other["headers"] if str(h).startswith("access-control")]  # type: ignore[union-attr]

    body = json_module.dumps({"amount": "100"}).encode()
    from app.handoff.signing import sign_request

    def post(origin: str) -> dict[str, object]:
        import threading

        import httpx

        reply: dict[str, object] = {}

        def run() -> None:
            signed = sign_request(TOKEN, "POST", "/sale", body)
            answer = httpx.post(
                url + "/sale",
                content=body,
                headers={"Origin": origin, "Content-Type": "application/json", **signed},
                timeout=10,
            )
            reply["status"], reply["headers"] = answer.status_code, dict(answer.headers)

        threading.Thread(target=run, daemon=True).start()
        return reply

    refused = post("https://evil.example")
    qtbot.waitUntil(lambda: "status" in refused)
    assert refused["status"] == 403
    assert window.handoff is not None and window.handoff.ticket is None  # nothing reached it
    served = post(POS_ORIGIN)
    qtbot.waitUntil(lambda: "status" in served)
    served_headers = served["headers"]
    assert isinstance(served_headers, dict)
    assert served["status"] == 200
    assert served_headers["access-control-allow-origin"] == POS_ORIGIN
    assert "x-till-signature" in served_headers["access-control-expose-headers"].lower()
    assert window.handoff.ticket is not None
