"""The sandbox's fixed demo data: key, point, levels, customers, bonus history and partners.

Everything is fixed except what must follow the calendar: one customer's birthday is the day
the database is created, another's is two days later, so the birthday badge can be seen.
The README lists these customers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

API_KEY = "demo"
POINT_ID = "62a0000000000000000000f4"
SECOND_POINT_ID = "62a0000000000000000000f5"
PARTNER_KEY = "6f1c2a4e-1b7d-4c1e-9a55-0d3b7c9e2f10"
PARTNER_KEY_NOT_STARTED = "0b7e6a52-3d0f-4a4c-8f6e-2f4f9d1c7a01"
PARTNER_KEY_ENDED = "0b7e6a52-3d0f-4a4c-8f6e-2f4f9d1c7a02"
PARTNER_KEY_FULL = "0b7e6a52-3d0f-4a4c-8f6e-2f4f9d1c7a03"
REFERENCE_CLIENT_ID = "62a000000000000000000001"


@dataclass(frozen=True)
class DemoLevel:
    id: str
    title: str
    percent: int
    type: str
    max_spend_percent: int


LEVELS = (
    DemoLevel("621000000000000000000f23", "Бонусы", 10, "cashback", 100),
    DemoLevel("621000000000000000000f24", "Серебро", 5, "cashback", 50),
    DemoLevel("621000000000000000000f25", "Золото", 7, "cashback", 30),
    DemoLevel("621000000000000000000f26", "Скидка 5%", 5, "discount", 0),
    DemoLevel("621000000000000000000f27", "Скидка 10%", 10, "discount", 0),
)


@dataclass(frozen=True)
class DemoClient:
    number: int
    name: str
    level: str
    balance: int
    email: str | None = "demo{n}@example.ru"
    photo: bool = True
    birthday: str | None = "1985-06-15"
    referral_code: str | None = "INV{n:03d}"
    code: str | None = None  # an app code with letters, instead of the numeric one

    @property
    def id(self) -> str:
        return f"62a{self.number:021d}"

    @property
    def phone(self) -> str:
        return f"792000000{self.number:02d}"

    @property
    def card(self) -> str:
        return f"70000000000{self.number:05d}"

    @property
    def app_code(self) -> str:
        return self.code or f"{100000 + self.number}"

    def email_address(self) -> str | None:
        return self.email.format(n=self.number) if self.email else None

    def referral(self) -> str | None:
        return self.referral_code.format(n=self.number) if self.referral_code else None

    def birthday_on(self, today: date) -> date | None:
        if self.birthday == "today":
            return today.replace(year=1990) if (today.month, today.day) != (2, 29) else None
        if self.birthday == "in-2-days":
            soon = today + timedelta(days=2)
            return soon.replace(year=1992) if (soon.month, soon.day) != (2, 29) else None
        return date.fromisoformat(self.birthday) if self.birthday else None


BONUSES, SILVER, GOLD, DISCOUNT5, DISCOUNT10 = (level.id for level in LEVELS)

CLIENTS = (
    DemoClient(
        1,
        "ИВАН",
        BONUSES,
        878,
        email="mail@mail.mail",
        birthday="2021-03-29",
        referral_code="AAA123",
    ),
    DemoClient(2, "Мария Петрова", SILVER, 1500, code="AB12CD34"),
    DemoClient(3, "Олег Сидоров", GOLD, 2400),
    DemoClient(4, "Анна Кузнецова", DISCOUNT5, 0),
    DemoClient(5, "Дмитрий Волков", DISCOUNT10, 0, referral_code=None),
    DemoClient(6, "Елена Смирнова", BONUSES, 0),
    DemoClient(7, "Сергей Попов", BONUSES, 350, birthday="today"),
    DemoClient(8, "Наталья Лебедева", SILVER, 120, birthday="in-2-days"),
    DemoClient(9, "Алексей Козлов", BONUSES, 50, photo=False),
    DemoClient(10, "Ольга Новикова", GOLD, 990, email=None),
    DemoClient(11, "Константин Константинопольский-Преображенский", BONUSES, 12000),
    DemoClient(12, "Екатерина-Александра Христорождественская", SILVER, 777),
    DemoClient(13, "Павел Морозов", BONUSES, 5, photo=False, email=None, birthday=None),
    DemoClient(14, "Татьяна Павлова", DISCOUNT5, 0, photo=False),
    DemoClient(15, "Игорь Соколов", GOLD, 100000),
    DemoClient(16, "Светлана Михайлова", BONUSES, 1),
    DemoClient(17, "Юрий Фёдоров", SILVER, 333, referral_code=None),
    DemoClient(18, "Ксения Орлова", BONUSES, 640),
    DemoClient(19, "Артём Зайцев", GOLD, 45),
    DemoClient(20, "Вера Белова", BONUSES, 2500, email=None, referral_code=None),
    DemoClient(21, "Ли", BONUSES, 200),
)

# (client number, added, expired, description, days ago activated, days until expiry or None)
HISTORY = (
    (
        1,
        250,
        100,
        "За покупку Машинка для стрижки волос и бороды Philips HC 3510/15 Hairclipper series 3000",
        400,
        -35,
    ),
    (1, 500, 0, "Приветственные баллы", 120, 245),
    (1, 128, 0, "За покупку в магазине", 20, 345),
    (1, 100, 0, "Бонус ко дню рождения", 5, None),
    (2, 1000, 0, "Приветственные баллы", 60, 305),
    (2, 600, 100, "Акция «Весна»", 300, -10),
    (3, 2400, 0, "Перенос баланса", 30, 335),
    (7, 350, 0, "За покупку в магазине", 2, 8),
    (8, 300, 180, "Акция «Лето»", 200, -20),
    (11, 12000, 0, "Перенос баланса", 10, 355),
)

# (key, name, starts in days from today, ends in days from today, maximum enrolments)
PARTNERS = (
    (PARTNER_KEY, "Демо-партнёр", -365, 3650, 100000),
    (PARTNER_KEY_NOT_STARTED, "Будущая акция", 30, 365, 1000),
    (PARTNER_KEY_ENDED, "Прошедшая акция", -365, -30, 1000),
    (PARTNER_KEY_FULL, "Заполненная акция", -30, 365, 1),
)
# Emails already enrolled with a partner when the database is made.
ENROLLED = ((PARTNER_KEY, "already@example.ru"), (PARTNER_KEY_FULL, "first@example.ru"))
