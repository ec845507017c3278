"""The settings dialog: profiles, server addresses, timeouts, language; keys into the keyring;
a connection test per API. Fields IT locked in the machine-wide file are read-only here."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiError
from app.core import settings_file
from app.core.config_files import TRAINING
from app.core.connection_check import CheckResult, Verdict, check_all
from app.core.secrets import KEY_NAMES, KeyName, SecretsUnavailable, key_problem
from app.core.settings import (
    Profile,
    Settings,
    ca_file_problem,
    point_problem,
    url_problem,
)
from app.i18n import translate
from app.ui.checkout_panel import ERROR_STYLE, error_label, make_label, named
from app.ui.requests import Requests
from app.ui.settings_context import SettingsContext

PROFILE_TEXT_FIELDS = (
    "base_url",
    "point",
    "history_url",
    "invitation_url",
    "partner_url",
    "ca_file",
)
URL_FIELDS = {"base_url": True, "history_url": False, "invitation_url": False, "partner_url": False}


class SettingsDialog(QDialog):
    def __init__(self, context: SettingsContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(760)
        self.context = context
        self.loaded = context.loaded
        self.requests = Requests.of(parent)
        settings = self.loaded.settings
        self._profiles: dict[str, Profile] = dict(settings.profiles)
        self._shown_profile: str | None = None
        self.pending_keys: dict[tuple[str, KeyName], str] = {}
        self.keys_changed: set[str] = set()  # profiles whose keys Save wrote

        self.profile = named(QComboBox(), "settingsProfile", self.tr("Active profile"))
        self.profile.addItem(self.tr("Training (demo server)"), TRAINING)
        for name in self._profiles:
            self.profile.addItem(name, name)
        self.profile.setCurrentIndex(max(0, self.profile.findData(settings.active_profile)))
        self.profile.currentIndexChanged.connect(self._profile_changed)
        add_profile = named(
            QPushButton(self.tr("New profile…")), "settingsNewProfile", self.tr("New profile")
        )
        add_profile.clicked.connect(self._new_profile)
        self.add_profile = add_profile

        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        captions = self._captions = {
            "base_url": self.tr("Loyalty server address"),
            "point": self.tr("Point ID"),
            "history_url": self.tr("IMSHOP bonus history address"),
            "invitation_url": self.tr("IMSHOP invitation address"),
            "partner_url": self.tr("Partner (MOAB) address"),
            "ca_file": self.tr("Extra CA certificate file"),
        }
        for name in PROFILE_TEXT_FIELDS:
            edit = named(QLineEdit(), f"settings_{name}", captions[name])
            edit.textEdited.connect(lambda _text, n=name: self._validate(n))
            self._add(form, name, captions[name], edit)
        self.allow_http = named(
            QLineEdit(), "settings_allow_http", self.tr("Allowed insecure addresses")
        )
        self.allow_http.setPlaceholderText("http://tools.moab.pro")
        self.allow_http.textEdited.connect(lambda _text: self._validate_urls())
        self._add(
            form,
            "allow_http",
            self.tr("Allowed http:// addresses (comma separated)"),
            self.allow_http,
        )
        self.user_field = named(
            QComboBox(), "settings_imshop_user_field", self.tr("IMSHOP user identifier")
        )
        self.user_field.addItem(self.tr("Loyalty client ID"), "id")
        self.user_field.addItem(self.tr("Phone"), "phone")
        self._add(form, "imshop_user_field", self.tr("IMSHOP user identifier"), self.user_field)
        self.timeouts: dict[str, QDoubleSpinBox] = {}
        for name, caption, low in (
            ("connect_timeout", self.tr("Connect timeout, s"), 1),
            ("read_timeout", self.tr("Reply timeout, s"), 1),
            ("partner_timeout", self.tr("Partner timeout, s"), 15),
        ):
            spin = named(QDoubleSpinBox(), f"settings_{name}", caption)
            spin.setRange(low, 120 if name != "connect_timeout" else 60)
            spin.setDecimals(0)
            self.timeouts[name] = spin
            self._add(form, name, caption, spin)
        self.keys: dict[KeyName, QLabel] = {}
        keys_box = QVBoxLayout()
        for key in KEY_NAMES:
            row = QHBoxLayout()
            status = make_label(f"keyStatus_{key}")
            button = named(
                QPushButton(self.tr("Set key…")),
                f"setKey_{key}",
                self.tr("Set the key: %1").replace("%1", self.key_name(key)),
            )
            button.clicked.connect(lambda _checked=False, k=key: self._set_key(k))
            row.addWidget(status, 1)
            row.addWidget(button)
            keys_box.addLayout(row)
            self.keys[key] = status
        self.profile_box = QGroupBox(self.tr("Server profile"))
        profile_layout = QVBoxLayout(self.profile_box)
        profile_layout.addLayout(form)
        profile_layout.addLayout(keys_box)

        general = QFormLayout()
        self.language = named(QComboBox(), "settings_language", self.tr("Language"))
        self.language.addItem("Русский", "ru")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self._add(general, "language", self.tr("Language (after a restart)"), self.language)
        self.font_size = named(QSpinBox(), "settings_font_size", self.tr("Font size"))
        self.font_size.setRange(8, 32)
        self.font_size.setValue(settings.font_size)
        self._add(general, "font_size", self.tr("Font size (after a restart)"), self.font_size)

        self.check_button = named(
            QPushButton(self.tr("Test connection")), "settingsTest", self.tr("Test connection")
        )
        self.check_button.clicked.connect(self.test_connection)
        self.check_results = make_label("settingsTestResults")
        self.check_results.setWordWrap(True)
        save = named(QPushButton(self.tr("Save")), "settingsSave", self.tr("Save"))
        save.setDefault(True)
        save.clicked.connect(self.save)
        cancel = named(QPushButton(self.tr("Cancel")), "settingsCancel", self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save_error = error_label(
            "settingsSaveError", self.tr("Why the settings cannot be saved")
        )

        top = QHBoxLayout()
        top.addWidget(make_label("profileCaption", self.tr("Profile")))
        top.addWidget(self.profile, 1)
        top.addWidget(add_profile)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        self.command_line_note = make_label("settingsCommandLine")
        self.command_line_note.setWordWrap(True)
        self.command_line_note.setStyleSheet("color: #e65100;")
        # The fields scroll; the profile choice, the results and the buttons stay in view, so
        # the dialog fits a 768-pixel screen at a large font with errors shown.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.profile_box)
        content_layout.addLayout(general)
        content_layout.addStretch(1)
        self.fields_scroll = QScrollArea()
        self.fields_scroll.setObjectName("settingsScroll")
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.command_line_note)
        layout.addWidget(self.fields_scroll, 1)
        layout.addWidget(self.check_results)
        layout.addWidget(self.save_error)
        layout.addLayout(buttons)
        self._lock_fields()
        self._profile_changed()
        self._show_command_line()
        self._fit_screen()

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        self.setMaximumHeight(room.height())
        self.resize(min(max(self.width(), 760), room.width()), min(640, room.height()))

    # ---- building --------------------------------------------------------------------------

    def _add(self, form: QFormLayout, name: str, caption: str, widget: QWidget) -> None:
        error = error_label(f"settingsError_{name}", caption)
        form.addRow(caption, widget)
        form.addRow(error)  # full width, under its field
        self.fields[name] = widget
        self.errors[name] = error

    def _locked(self, dotted: str) -> bool:
        return dotted in self.loaded.locked

    def _lock_fields(self) -> None:
        """Fields IT locked are shown but cannot be changed here."""
        locked_hint = self.tr("Locked by IT in the machine-wide settings")
        for name, widget in (
            ("active_profile", self.profile),
            ("active_profile", self.add_profile),  # a new profile could not be made active
            ("language", self.language),
            ("font_size", self.font_size),
        ):
            if self._locked(name):
                widget.setEnabled(False)
                widget.setToolTip(locked_hint)

    def _profile_fields_locked(self, profile: str) -> None:
        locked_hint = self.tr("Locked by IT in the machine-wide settings")
        for name, widget in self.fields.items():
            if name in ("language", "font_size"):
                continue
            locked = self._locked(f"profiles.{profile}.{name}")
            widget.setEnabled(not locked)
            widget.setToolTip(locked_hint if locked else "")

    # ---- profile ---------------------------------------------------------------------------

    @property
    def selected(self) -> str:
        return str(self.profile.currentData())

    def _profile_changed(self) -> None:
        if self._shown_profile and self._shown_profile != TRAINING:
            self._remember(self._shown_profile)
        name = self.selected
        self._shown_profile = name
        self.profile_box.setVisible(name != TRAINING)
        if name == TRAINING:
            return
        profile = self._profiles.get(name) or Profile.model_construct(base_url="", point="")
        for field in PROFILE_TEXT_FIELDS:
            widget = self.fields[field]
            assert isinstance(widget, QLineEdit)
            widget.setText(str(getattr(profile, field, "") or ""))
        self.allow_http.setText(", ".join(profile.allow_http))
        self.user_field.setCurrentIndex(self.user_field.findData(profile.imshop_user_field))
        for field, spin in self.timeouts.items():
            spin.setValue(float(getattr(profile, field)))
        self._profile_fields_locked(name)
        self._show_sources(name)
        self._show_keys(name)
        for field in PROFILE_TEXT_FIELDS:
            self._validate(field)

    def _show_sources(self, profile: str) -> None:
        """Say where each field's value comes from, in its tooltip."""
        words = {  # "locked" fields keep their own tooltip
            "default": self.tr("default"),
            "machine": self.tr("machine-wide settings"),
            "user": self.tr("this user's settings"),
            "command line": self.tr("command line, this run only (not saved)"),
        }
        for name, widget in self.fields.items():
            dotted = name if name in ("language", "font_size") else f"profiles.{profile}.{name}"
            source = self.loaded.source(dotted)
            if source != "locked":  # a locked field already says so
                widget.setToolTip(self.tr("From: %1").replace("%1", words[source]))

    def _show_command_line(self) -> None:
        from_command_line = [
            key for key, source in self.loaded.sources.items() if source == "command line"
        ]
        self.command_line_note.setVisible(bool(from_command_line))
        self.command_line_note.setText(
            self.tr("Given on the command line for this run only, and not saved: %1").replace(
                "%1", ", ".join(sorted(self._caption_of(key) for key in from_command_line))
            )
        )

    def _caption_of(self, dotted: str) -> str:
        """A setting's name as the dialog shows it, not its key in the file."""
        others = {
            "active_profile": self.tr("Active profile"),
            "language": self.tr("Language"),
            "font_size": self.tr("Font size"),
        }
        if dotted in others:
            return others[dotted]
        field = dotted.rsplit(".", 1)[-1]
        return self._captions.get(field, dotted)

    def _new_profile(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("New profile"), self.tr("Profile name (letters, digits, - and _):")
        )
        name = name.strip().lower()
        if not ok or not name:
            return
        try:
            Settings.model_validate(
                {"profiles": {name: {"base_url": "https://x.example", "point": "p"}}}
            )
        except ValueError:
            self.save_error.setText(self.tr("That name cannot be a profile name."))
            self.save_error.show()
            return
        if name not in self._profiles:
            self._profiles[name] = Profile.model_construct(base_url="", point="")
            self.profile.addItem(name, name)
        self.profile.setCurrentIndex(self.profile.findData(name))

    def profile_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field in PROFILE_TEXT_FIELDS:
            widget = self.fields[field]
            assert isinstance(widget, QLineEdit)
            values[field] = widget.text().strip()
        values["allow_http"] = [
            part.strip() for part in self.allow_http.text().split(",") if part.strip()
        ]
        values["imshop_user_field"] = self.user_field.currentData()
        for field, spin in self.timeouts.items():
            values[field] = spin.value()
        return values

    def _remember(self, name: str) -> None:
        try:
            self._profiles[name] = Profile.model_validate(self.profile_values())
        except ValueError:
            self._profiles[name] = Profile.model_construct(**self.profile_values())

    # ---- validation ------------------------------------------------------------------------

    def _validate(self, field: str) -> bool:
        widget = self.fields[field]
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        problem: str | None = None
        if field in URL_FIELDS:
            allowed = [p.strip() for p in self.allow_http.text().split(",") if p.strip()]
            problem = url_problem(text, allowed, required=URL_FIELDS[field])
        elif field == "point":
            problem = point_problem(text)
        elif field == "ca_file":
            problem = ca_file_problem(text)
        label = self.errors[field]
        if problem:
            label.setText(translate("Settings", problem))
            # QFormLayout inside a group box under-measures wrapped labels; reserve the height.
            label.setMinimumHeight(label.heightForWidth(max(300, self.profile_box.width() - 40)))
        if label.isVisibleTo(self) != bool(problem):
            label.setVisible(bool(problem))
            # A dialog does not grow by itself; let the layout settle first, then fit.
            QTimer.singleShot(0, self.adjustSize)
        return problem is None

    def _validate_urls(self) -> bool:
        return all([self._validate(field) for field in URL_FIELDS])

    def valid(self) -> bool:
        if self.selected == TRAINING:
            return True
        return all([self._validate(field) for field in PROFILE_TEXT_FIELDS])

    # ---- keys ------------------------------------------------------------------------------

    def key_name(self, key: KeyName) -> str:
        return {
            "loyalty": self.tr("Loyalty server key"),
            "partner": self.tr("Partner key"),
            "imshop": self.tr("IMSHOP key"),
        }[key]

    def _show_keys(self, profile: str) -> None:
        """Whether each key is stored, read from the password store off the GUI thread (a
        locked or remote keyring can take seconds to answer)."""
        secrets = self.context.secrets
        names = list(self.keys)

        def stored() -> dict[KeyName, bool | None]:
            found: dict[KeyName, bool | None] = {}
            for key in names:
                try:
                    found[key] = secrets.has(profile, key)
                except SecretsUnavailable:
                    found[key] = None
            return found

        for key, label in self.keys.items():
            if not self._show_pending(profile, key):
                label.setText(self.tr("Reading the password store…"))
                label.setStyleSheet("")
        self.requests.submit(
            self,
            stored,
            key="keys",
            done=lambda found: self._keys_read(profile, found),
            failed=lambda _error: self._keys_read(profile, dict.fromkeys(names)),
        )

    def _show_pending(self, profile: str, key: KeyName) -> bool:
        """Say that a key taken in this dialog waits for Save; ``False`` if there is none."""
        if (profile, key) not in self.pending_keys:
            return False
        label = self.keys[key]
        label.setText(self.tr("%1: will be stored on Save").replace("%1", self.key_name(key)))
        label.setStyleSheet("")
        return True

    def _keys_read(self, profile: str, found: dict[KeyName, bool | None]) -> None:
        if profile != self.selected:
            return
        for key, label in self.keys.items():
            name = self.key_name(key)
            stored = found.get(key)
            if self._show_pending(profile, key):
                continue
            if stored is None:
                label.setText(self.tr("%1: no usable password store").replace("%1", name))
                label.setStyleSheet(ERROR_STYLE)
            else:
                text = self.tr("%1: stored") if stored else self.tr("%1: not stored")
                if not stored and key != "loyalty":
                    text = self.tr("%1: not stored (optional)")
                label.setText(text.replace("%1", name))
                label.setStyleSheet("" if stored or key != "loyalty" else ERROR_STYLE)

    def _set_key(self, key: KeyName) -> None:
        """Take a key; it is written to the password store on Save, not before (Cancel
        leaves the stored keys as they were)."""
        value, ok = QInputDialog.getText(
            self,
            self.tr("API key"),
            self.tr("The %1 key (kept in the OS password store):").replace("%1", key),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        value = value.strip()
        problem = key_problem(key, value)
        if problem:
            QMessageBox.warning(self, self.tr("API key"), translate("Secrets", problem))
            self._reactivate_later()
            return
        self.pending_keys[(self.selected, key)] = value
        self._show_pending(self.selected, key)  # the others are as they were read

    def _reactivate_later(self) -> None:
        """A message box closed: take the keyboard back (no window manager on a till)."""
        self.raise_()
        self.activateWindow()

    def _write_keys(self) -> bool:
        """Store the keys taken in this dialog; ``False`` (and a message) if one failed."""
        for (profile, key), value in list(self.pending_keys.items()):
            try:
                self.context.secrets.set(profile, key, value)
            except ValueError as problem:
                self.save_error.setText(translate("Secrets", str(problem)))
                self.save_error.show()
                return False
            except SecretsUnavailable as problem:
                self.save_error.setText(str(problem))
                self.save_error.show()
                return False
            del self.pending_keys[(profile, key)]
            self.keys_changed.add(profile)
        return True

    # ---- test connection and save ----------------------------------------------------------

    def test_connection(self) -> None:
        if self.selected == TRAINING or not self.valid():
            return
        try:
            profile = Profile.model_validate(self.profile_values())
        except ValueError as error:
            self.check_results.setText(_first_message(error))
            return
        name, get_key = self.selected, self.context.secrets.get
        self.check_button.setEnabled(False)
        self.check_results.setText(self.tr("Testing…"))
        self.requests.submit(
            self,
            lambda: check_all(name, profile, get_key),
            key="check",
            done=self._checked,
            failed=self._check_failed,
        )

    def _check_failed(self, error: ApiError) -> None:
        """The check itself broke (not an API's answer): say so and allow another try."""
        self.check_button.setEnabled(True)
        self.check_results.setText(
            self.tr("The test could not run: %1").replace("%1", error.detail)
        )

    def _checked(self, results: list[CheckResult]) -> None:
        self.check_button.setEnabled(True)
        marks = {Verdict.OK: "✔", Verdict.WARNING: "⚠", Verdict.FAILED: "✘", Verdict.SKIPPED: "–"}
        names = {
            "loyalty": self.tr("Loyalty server"),
            "clock": self.tr("Till clock"),
            "history": self.tr("Bonus history"),
            "invitation": self.tr("Invitation"),
            "imshop": "IMSHOP",
            "partner": self.tr("Partner"),
            "keyring": self.tr("Password store"),
            "tls": "TLS",
        }
        lines = []
        for result in results:
            line = f"{marks[result.verdict]} {names.get(result.api, result.api)}: {result.text()}"
            if result.verdict is Verdict.FAILED and result.detail:
                line += f" [{result.detail[:160]}]"  # the HTTP status or TLS reason, for IT
            lines.append(line)
        self.check_results.setText("\n".join(lines))

    def shown_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "active_profile": self.selected,
            "language": self.language.currentData(),
            "font_size": self.font_size.value(),
        }
        if self.selected != TRAINING:
            for field, value in self.profile_values().items():
                values[f"profiles.{self.selected}.{field}"] = value
        return values

    def changes(self) -> dict[str, Any]:
        """What the user changed in this dialog, for the user's file. A value the dialog only
        showed (a default, the machine file's, or one given on the command line for this run)
        is not written: saving without changes writes nothing."""
        effective = settings_file.flatten_settings(self.loaded.settings)
        return {
            key: value
            for key, value in self.shown_values().items()
            if key not in self.loaded.locked and effective.get(key, _UNSET) != value
        }

    def save(self) -> None:
        if not self.valid():
            self.save_error.setText(self.tr("Correct the marked fields first."))
            self.save_error.show()
            return
        changes = self.changes()
        try:
            if changes:
                self.loaded = settings_file.save_user(self.loaded, changes)
        except (ValueError, PermissionError, OSError) as error:
            self.save_error.setText(_first_message(error))
            self.save_error.show()
            return
        self.context.loaded = self.loaded
        if not self._write_keys():
            return
        self.accept()


_UNSET = object()


def _first_message(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors()[0]
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        return translate("Settings", message.split(": ", 1)[-1])
    return str(error)
