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
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.base.i18n import translate
from app.core.settings.config_files import TRAINING
from app.core.settings.edit import (
    GENERAL_FIELDS,
    PROFILE_TEXT_FIELDS,
    URL_FIELDS,
    SettingsEdit,
    allowed_http,
    field_problem,
    first_message,
)
from app.core.settings.model import Profile
from app.ui.background.requests import Requests
from app.ui.settings.check import ConnectionTest
from app.ui.settings.context import SettingsContext
from app.ui.settings.keys import KeyRows
from app.ui.widgets.labels import error_label, make_label, named


class SettingsDialog(QDialog):
    def __init__(self, context: SettingsContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(760)
        self.context = context
        self.edit = SettingsEdit(context.loaded)
        self.requests = Requests.of(parent)
        settings = context.loaded.settings
        self._shown_profile: str | None = None

        self.profile = named(QComboBox(), "settingsProfile", self.tr("Active profile"))
        self.profile.addItem(self.tr("Training (demo server)"), TRAINING)
        for name in self.edit.profiles:
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
            "point_name": self.tr("Till name on screen"),
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
        self.key_rows = KeyRows(self.edit, context.secrets, lambda: self.selected, self)
        self.profile_box = QGroupBox(self.tr("Server profile"))
        profile_layout = QVBoxLayout(self.profile_box)
        profile_layout.addLayout(form)
        profile_layout.addWidget(self.key_rows)

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

        self.connection_test = ConnectionTest(self.profile_to_test, context.secrets, self)
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
        buttons.addWidget(self.connection_test.button)
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
        layout.addWidget(self.connection_test.results)
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

    @property
    def keys_changed(self) -> set[str]:
        """The profiles whose keys Save wrote (their connection is made again)."""
        return self.edit.keys_changed

    def _locked(self, dotted: str) -> bool:
        return self.edit.locked(dotted)

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
            if name in GENERAL_FIELDS:
                continue
            locked = self._locked(self.edit.dotted(profile, name))
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
        profile = self.edit.profile(name)
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
        self.key_rows.show_profile(name)
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
            source = self.edit.source(profile, name)
            if source != "locked":  # a locked field already says so
                widget.setToolTip(self.tr("From: %1").replace("%1", words[source]))

    def _show_command_line(self) -> None:
        from_command_line = self.edit.from_command_line()
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
        if not ok or not name.strip():
            return
        added = self.edit.new_profile(name)
        if added is None:
            self.save_error.setText(self.tr("That name cannot be a profile name."))
            self.save_error.show()
            return
        if self.profile.findData(added) < 0:
            self.profile.addItem(added, added)
        self.profile.setCurrentIndex(self.profile.findData(added))

    def profile_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field in PROFILE_TEXT_FIELDS:
            widget = self.fields[field]
            assert isinstance(widget, QLineEdit)
            values[field] = widget.text().strip()
        values["allow_http"] = allowed_http(self.allow_http.text())
        values["imshop_user_field"] = self.user_field.currentData()
        for field, spin in self.timeouts.items():
            values[field] = spin.value()
        return values

    def _remember(self, name: str) -> None:
        self.edit.remember(name, self.profile_values())

    # ---- validation ------------------------------------------------------------------------

    def _validate(self, field: str) -> bool:
        widget = self.fields[field]
        assert isinstance(widget, QLineEdit)
        problem = field_problem(field, widget.text(), self.allow_http.text())
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

    # ---- test connection and save ----------------------------------------------------------

    def profile_to_test(self) -> tuple[str, Profile] | str | None:
        """The profile shown, to test: its name and values, the reason it cannot be made, or
        ``None`` (training, or a field is marked)."""
        if self.selected == TRAINING or not self.valid():
            return None
        try:
            return self.selected, Profile.model_validate(self.profile_values())
        except ValueError as error:
            return first_message(error)

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

    def save(self) -> None:
        if not self.valid():
            self._cannot_save(self.tr("Correct the marked fields first."))
            return
        problem = self.edit.save(self.shown_values())
        if problem:
            self._cannot_save(problem)
            return
        self.context.loaded = self.edit.loaded
        problem = self.edit.write_keys(self.context.secrets)
        if problem:
            self._cannot_save(problem)
            return
        self.accept()

    def _cannot_save(self, text: str) -> None:
        self.save_error.setText(text)
        self.save_error.show()
