<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Amount</name>
    <message>
        <source>Enter the purchase amount.</source>
        <translation>Введите сумму покупки.</translation>
    </message>
    <message>
        <source>Type the amount in digits.</source>
        <translation>Введите сумму цифрами.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Сумма должна быть больше нуля.</translation>
    </message>
    <message>
        <source>Type the amount in digits, e.g. 1234.50.</source>
        <translation>Введите сумму цифрами, например 1 234,50.</translation>
    </message>
    <message>
        <source>That amount is too large for one purchase.</source>
        <translation>Слишком большая сумма для одной покупки.</translation>
    </message>
    <message>
        <source>Points are a whole number, e.g. 150.</source>
        <translation>Баллы — целое число, например 150.</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>The request failed. Tell support if it happens again.</source>
        <translation>Запрос не выполнен. Если повторится, сообщите в поддержку.</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>Сервер отклонил запрос.</translation>
    </message>
    <message>
        <source>Customer not found.</source>
        <translation>Покупатель не найден.</translation>
    </message>
    <message>
        <source>The server does not know this till&apos;s point ID. Check the point ID in the settings or call IT.</source>
        <translation>Сервер не знает ID кассы (торговой точки). Проверьте его в настройках или позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>The server refused the API key. Check the key in the settings or call IT.</source>
        <translation>Сервер не принял ключ доступа. Проверьте ключ в настройках или позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>The server has a problem right now. Try again in a minute.</source>
        <translation>На сервере сейчас сбой. Попробуйте через минуту.</translation>
    </message>
    <message>
        <source>The server is busy. Try again in a moment.</source>
        <translation>Сервер перегружен. Повторите через минуту.</translation>
    </message>
    <message>
        <source>The server is busy. Try again in %1 s.</source>
        <translation>Сервер перегружен. Повторите через %1 с.</translation>
    </message>
    <message>
        <source>The server answered something the program does not understand. Call IT.</source>
        <translation>Сервер ответил непонятно для программы. Позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>The server sends the till to another address: the address in the settings is probably out of date. Call technical support.</source>
        <translation>Сервер отправляет кассу на другой адрес: вероятно, адрес в настройках устарел. Позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <translation>Сервер отказал: %1</translation>
    </message>
    <message>
        <source>The server&apos;s answer is far larger than it should be, so it was not used. Tell IT.</source>
        <translation>Ответ сервера намного больше, чем должен быть, поэтому не использован. Сообщите в техподдержку.</translation>
    </message>
    <message>
        <source>The invitation service has no invitation for this customer.</source>
        <translation>У сервиса приглашений нет приглашения для этого покупателя.</translation>
    </message>
    <message>
        <source>The bonus history is too long to show here (more than 20,000 entries). Tell IT.</source>
        <translation>История бонусов слишком длинная, чтобы показать её здесь (больше 20 000 записей). Сообщите в техподдержку.</translation>
    </message>
    <message>
        <source>The server&apos;s figures do not add up, so they are not used. Search the customer again; tell IT if it happens again.</source>
        <translation>Цифры сервера не сходятся, программа их не использует. Найдите покупателя заново; если повторится — позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Check the connection and try again.</source>
        <translation>Сервер не ответил вовремя. Проверьте связь и повторите.</translation>
    </message>
    <message>
        <source>No connection to the server. Check the network and try again.</source>
        <translation>Нет связи с сервером. Проверьте сеть и повторите.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not for the address %1. Check the address in the settings, or ask the server&apos;s administrator for a certificate with this name.</source>
        <translation>Сертификат сервера выдан не на адрес %1. Проверьте адрес в настройках или попросите администратора сервера выпустить сертификат на это имя.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate expired on %1. The server&apos;s administrator must renew it.</source>
        <translation>Срок действия сертификата сервера истёк %1. Администратор сервера должен его обновить.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not valid yet. Check the date and time on this computer.</source>
        <translation>Сертификат сервера ещё не действует. Проверьте дату и время на этом компьютере.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is issued by an authority this computer does not trust. IT adds the company&apos;s CA certificate: the profile&apos;s CA file, or the system&apos;s certificate store.</source>
        <translation>Сертификат сервера выдан центром, которому этот компьютер не доверяет. Техподдержка добавляет сертификат центра сертификации компании: в файл CA профиля или в хранилище сертификатов системы.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was refused. Tell IT: the detail is in the log.</source>
        <translation>Сертификат сервера отклонён. Сообщите в техподдержку: подробности в журнале программы.</translation>
    </message>
    <message>
        <source>It is not known whether the server carried out the operation. Do not repeat it until the result is checked.</source>
        <translation>Неизвестно, выполнил ли сервер операцию. Не повторяйте её, пока результат не проверен.</translation>
    </message>
    <message>
        <source>The partner service received no data. Call IT.</source>
        <translation>Сервис партнёра не получил данных. Позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>The partner key is not set. Call IT to set it.</source>
        <translation>Ключ партнёра не задан. Позвоните в техподдержку, чтобы его задали.</translation>
    </message>
    <message>
        <source>The partner key has a wrong format. Call IT to check it.</source>
        <translation>Ключ партнёра в неверном формате. Позвоните в техподдержку, чтобы его проверили.</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s email.</source>
        <translation>Введите email покупателя.</translation>
    </message>
    <message>
        <source>The partner does not accept this email. Check it.</source>
        <translation>Партнёр не принимает этот email. Проверьте его.</translation>
    </message>
    <message>
        <source>The partner does not know this store&apos;s key. Call IT to check the key.</source>
        <translation>Партнёр не знает ключ этого магазина. Позвоните в техподдержку, чтобы проверили ключ.</translation>
    </message>
    <message>
        <source>The partner promotion has not started yet.</source>
        <translation>Акция партнёра ещё не началась.</translation>
    </message>
    <message>
        <source>The partner promotion has already ended.</source>
        <translation>Акция партнёра уже закончилась.</translation>
    </message>
    <message>
        <source>The partner promotion is full: no more customers can join.</source>
        <translation>В акции партнёра больше нет мест.</translation>
    </message>
    <message>
        <source>This email is already enrolled with the partner. Nothing more to do.</source>
        <translation>Этот email уже передан партнёру. Больше ничего делать не нужно.</translation>
    </message>
    <message>
        <source>The partner could not add the customer. Try again later.</source>
        <translation>Партнёр не смог добавить покупателя. Попробуйте позже.</translation>
    </message>
    <message>
        <source>At most %1 points can be spent.</source>
        <translation>Можно списать не больше %1 баллов.</translation>
    </message>
    <message>
        <source>The partner refused with an unknown error %1. Call IT.</source>
        <translation>Партнёр отказал с неизвестной ошибкой %1. Позвоните в техподдержку.</translation>
    </message>
</context>
<context>
    <name>CashierScreen</name>
    <message>
        <source>Next step</source>
        <translation>Следующий шаг</translation>
    </message>
</context>
<context>
    <name>Checkout</name>
    <message>
        <source>Wait for the operation to finish.</source>
        <translation>Дождитесь окончания операции.</translation>
    </message>
    <message>
        <source>No points can be spent on this purchase: F4 earns points instead.</source>
        <translation>На эту покупку списать баллы нельзя: F4 — начислить.</translation>
    </message>
    <message>
        <source>Spending points needs the server: without it only an earn can be recorded (F4).</source>
        <translation>Для списания нужна связь с сервером: без неё можно только начислить (F4).</translation>
    </message>
    <message>
        <source>A discount level does not spend points.</source>
        <translation>На уровне со скидкой баллы не списываются.</translation>
    </message>
    <message>
        <source>At most %1 points can be spent on this purchase.</source>
        <translation>Можно списать не больше %1 Б.</translation>
    </message>
    <message>
        <source>Hold for 1 to 30 minutes.</source>
        <translation>Удержание — от 1 до 30 минут.</translation>
    </message>
    <message>
        <source>Points cannot be held without the server.</source>
        <translation>Без связи с сервером баллы не отложить.</translation>
    </message>
    <message>
        <source>Enter the amount before holding points.</source>
        <translation>Сначала введите сумму покупки.</translation>
    </message>
    <message>
        <source>Points are already held (F8 releases).</source>
        <translation>Баллы уже удержаны (F8 — снять).</translation>
    </message>
    <message>
        <source>Choose points to spend before holding.</source>
        <translation>Сначала выберите, сколько баллов списать.</translation>
    </message>
    <message>
        <source>The last operation&apos;s outcome is unknown: do not repeat it.</source>
        <translation>Результат последней операции неизвестен: не повторяйте её.</translation>
    </message>
    <message>
        <source>Still checking whether the last operation went through: wait.</source>
        <translation>Проверяем, прошла ли прошлая операция: подождите.</translation>
    </message>
    <message>
        <source>The operation is being sent: wait.</source>
        <translation>Операция отправляется: подождите.</translation>
    </message>
    <message>
        <source>Find the customer first.</source>
        <translation>Сначала найдите покупателя.</translation>
    </message>
    <message>
        <source>Nothing copied: F1 copies the figures of a completed sale. Make the sale first (F9).</source>
        <translation>Ничего не скопировано: F1 копирует суммы проведённой покупки. Сначала проведите её (F9).</translation>
    </message>
    <message>
        <source>Nothing copied: the sale&apos;s outcome is unknown (journal, F11).</source>
        <translation>Ничего не скопировано: неизвестно, прошла ли покупка (журнал, F11).</translation>
    </message>
    <message>
        <source>Nothing to copy yet: no sale made.</source>
        <translation>Копировать пока нечего: покупка не проведена.</translation>
    </message>
    <message>
        <source>Enter the purchase amount.</source>
        <translation>Введите сумму покупки.</translation>
    </message>
    <message>
        <source>Wait for the hold to be released.</source>
        <translation>Дождитесь снятия резерва.</translation>
    </message>
    <message>
        <source>Wait for the preview.</source>
        <translation>Дождитесь расчёта.</translation>
    </message>
    <message>
        <source>The figures changed while the confirmation was open; nothing was sent. Check them and confirm again (F9).</source>
        <translation>Суммы изменились, пока было открыто подтверждение; ничего не отправлено. Проверьте и проведите снова (F9).</translation>
    </message>
    <message>
        <source>Correct the marked field first.</source>
        <translation>Сначала исправьте отмеченное поле.</translation>
    </message>
    <message>
        <source>The points to spend changed: choose again (F4, F6 or F7).</source>
        <translation>Баллы к списанию изменились: выберите снова (F4, F6 или F7).</translation>
    </message>
    <message>
        <source>Wait for the hold to finish.</source>
        <translation>Дождитесь удержания.</translation>
    </message>
</context>
<context>
    <name>CheckoutPanel</name>
    <message>
        <source>Purchase amount (F3)</source>
        <translation>Сумма покупки (F3)</translation>
    </message>
    <message>
        <source>Purchase amount</source>
        <translation>Сумма покупки</translation>
    </message>
    <message>
        <source>e.g. 1234.50</source>
        <translation>например, 1 234,50</translation>
    </message>
    <message>
        <source>Amount problem</source>
        <translation>Ошибка суммы</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Предварительный расчёт</translation>
    </message>
    <message>
        <source>Earn (F4)</source>
        <translation>Только начислить (F4)</translation>
    </message>
    <message>
        <source>No spending, earn</source>
        <translation>Без списания, начислить</translation>
    </message>
    <message>
        <source>Spend maximum (F6)</source>
        <translation>Списать максимум (F6)</translation>
    </message>
    <message>
        <source>Spend maximum</source>
        <translation>Списать максимум</translation>
    </message>
    <message>
        <source>Points to spend</source>
        <translation>Сколько баллов списать</translation>
    </message>
    <message>
        <source>Or type the points to spend (F7)</source>
        <translation>Или введите, сколько списать (F7)</translation>
    </message>
    <message>
        <source>Spending problem</source>
        <translation>Ошибка списания</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>Points in this purchase</source>
        <translation>Баллы в этой покупке</translation>
    </message>
    <message>
        <source>Hold minutes</source>
        <translation>Минут резерва</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Minutes to hold the points (Shift+F5)</source>
        <translation>На сколько минут зарезервировать баллы (Shift+F5)</translation>
    </message>
    <message>
        <source>One minute less</source>
        <translation>На минуту меньше</translation>
    </message>
    <message>
        <source>One minute more</source>
        <translation>На минуту больше</translation>
    </message>
    <message>
        <source>Hold points (F5)</source>
        <translation>Зарезервировать (F5)</translation>
    </message>
    <message>
        <source>Hold points</source>
        <translation>Зарезервировать баллы</translation>
    </message>
    <message>
        <source>Release hold (F8)</source>
        <translation>Снять резерв (F8)</translation>
    </message>
    <message>
        <source>Release hold</source>
        <translation>Снять резерв</translation>
    </message>
    <message>
        <source>Hold status</source>
        <translation>Резерв</translation>
    </message>
</context>
<context>
    <name>CheckoutText</name>
    <message>
        <source>Connecting to the server…</source>
        <translation>Подключение к серверу…</translation>
    </message>
    <message>
        <source>Scan the card or type a phone, card number or app code, then Enter</source>
        <translation>Отсканируйте карту или введите телефон, карту или код и нажмите Enter</translation>
    </message>
    <message>
        <source>Looking for the customer…</source>
        <translation>Поиск покупателя…</translation>
    </message>
    <message>
        <source>Sending the operation: wait for the result</source>
        <translation>Покупка проводится: дождитесь результата</translation>
    </message>
    <message>
        <source>Checking whether the operation went through: do not repeat it</source>
        <translation>Проверяем, прошла ли покупка: не проводите её повторно</translation>
    </message>
    <message>
        <source>Done: give the customer the result; Esc or a scan for the next one</source>
        <translation>Покупка проведена: сообщите покупателю итог; Esc или скан — новый покупатель</translation>
    </message>
    <message>
        <source>Do not repeat the operation: the manager checks it. Esc: next</source>
        <translation>Не проводите покупку повторно — её проверит менеджер. Esc — новый покупатель</translation>
    </message>
    <message>
        <source>Type the purchase amount (F3)</source>
        <translation>Введите сумму покупки (F3)</translation>
    </message>
    <message>
        <source>Correct the marked field</source>
        <translation>Исправьте отмеченное поле</translation>
    </message>
    <message>
        <source>Calculating the points…</source>
        <translation>Расчёт баллов…</translation>
    </message>
    <message>
        <source>F9: confirm the discount</source>
        <translation>F9 — провести со скидкой</translation>
    </message>
    <message>
        <source>Earn (F4), spend the maximum (F6) or type points (F7); F9: confirm</source>
        <translation>Начислить (F4), списать максимум (F6) или ввести баллы (F7); F9 — провести</translation>
    </message>
    <message>
        <source>Calculating…</source>
        <translation>Расчёт…</translation>
    </message>
    <message>
        <source>Discount %1%: %2</source>
        <translation>Скидка %1%: %2</translation>
    </message>
    <message>
        <source>Spend up to %1 points or earn %2 points (%3%)</source>
        <translation>Списать до %1 Б или начислить %2 Б (%3%)</translation>
    </message>
    <message>
        <source>Discount: %1</source>
        <translation>Скидка: %1</translation>
    </message>
    <message>
        <source>Spend %1 points</source>
        <translation>Списать %1 Б</translation>
    </message>
    <message>
        <source>Earn %1 points</source>
        <translation>Начислить %1 Б</translation>
    </message>
    <message>
        <source>To pay: %1</source>
        <translation>К оплате: %1</translation>
    </message>
    <message>
        <source>Earn recorded: the customer pays in full. Esc or a scan: next</source>
        <translation>Начисление записано: покупатель платит всю сумму. Esc или скан — следующий</translation>
    </message>
    <message>
        <source>No connection: type the amount (F3) to record an earn</source>
        <translation>Нет связи: введите сумму (F3), чтобы записать начисление</translation>
    </message>
    <message>
        <source>F9: record the earn; the points are credited when the link is back</source>
        <translation>F9 — записать начисление; баллы будут начислены, когда появится связь</translation>
    </message>
    <message>
        <source>Points: credited when the link is back</source>
        <translation>Баллы: будут начислены, когда появится связь</translation>
    </message>
    <message>
        <source>Points: not credited (the manager settles it)</source>
        <translation>Баллы: не начислены (решит менеджер)</translation>
    </message>
    <message>
        <source>Holding %1 points…</source>
        <translation>Резервирование %1 Б…</translation>
    </message>
    <message>
        <source>%1 points held · %2 left</source>
        <translation>Резерв %1 Б · осталось %2</translation>
    </message>
    <message>
        <source>the hold ends in under a minute!</source>
        <translation>проведите покупку!</translation>
    </message>
    <message>
        <source>The hold expired; the points are free again.</source>
        <translation>Резерв истёк, баллы снова доступны. Зарезервируйте заново (F5).</translation>
    </message>
    <message>
        <source>The hold was released.</source>
        <translation>Резерв снят.</translation>
    </message>
    <message>
        <source>The held points were used by this operation.</source>
        <translation>Зарезервированные баллы списаны этой покупкой.</translation>
    </message>
    <message>
        <source>The hold ended: an operation was made at this point.</source>
        <translation>Резерв снят: на этой кассе прошла другая операция.</translation>
    </message>
    <message>
        <source>Purchase confirmed.</source>
        <translation>Покупка проведена.</translation>
    </message>
    <message>
        <source>Spent %1 points.</source>
        <translation>Списано %1 Б.</translation>
    </message>
    <message>
        <source>Earned %1 points.</source>
        <translation>Начислено %1 Б.</translation>
    </message>
    <message>
        <source>New balance: %1 points</source>
        <translation>Новый баланс: %1 Б</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>The points will be credited when the link is back; nothing can be spent now.</source>
        <translation>Баллы будут начислены, когда появится связь; списать сейчас нельзя</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Скидка</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Списать</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 Б</translation>
    </message>
    <message>
        <source>Earn</source>
        <translation>Начислить</translation>
    </message>
    <message>
        <source>The earn was not credited: the server did not find the customer or refused it. The manager settles it in the journal (F11).</source>
        <translation>Начисление не прошло: сервер не нашёл покупателя или отказал. Менеджер разберёт его в журнале (F11).</translation>
    </message>
    <message>
        <source>Earn credited.</source>
        <translation>Баллы начислены.</translation>
    </message>
    <message>
        <source>Earn recorded, not yet credited.</source>
        <translation>Начисление записано, но ещё не проведено.</translation>
    </message>
    <message>
        <source>The points are credited when the link is back.</source>
        <translation>Баллы будут начислены, когда появится связь.</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>spent %1 points</source>
        <translation>списано %1 Б</translation>
    </message>
    <message>
        <source>earned %1 points</source>
        <translation>начислено %1 Б</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Внимание</translation>
    </message>
    <message>
        <source>The same purchase was already made for this customer at %1: %2, %3. Is this another purchase? Enter goes back; F9 confirms it anyway.</source>
        <translation>Такая же покупка этому покупателю уже проведена в %1: %2, %3. Это другая покупка? Enter — назад; F9 — всё равно провести.</translation>
    </message>
    <message>
        <source>The last attempt got no answer; by the balance it did not happen. Confirming sends it once more.</source>
        <translation>Прошлая попытка осталась без ответа; по балансу она не состоялась. Подтверждение отправит операцию ещё раз.</translation>
    </message>
    <message>
        <source>The balance could not be read. If the reply to this operation is lost, only the manager can tell whether it went through.</source>
        <translation>Баланс прочитать не удалось. Если ответ на эту операцию потеряется, понять, прошла ли она, сможет только менеджер.</translation>
    </message>
    <message>
        <source>Sending the operation…</source>
        <translation>Отправляем операцию…</translation>
    </message>
</context>
<context>
    <name>ClientCard</name>
    <message>
        <source>Customer card</source>
        <translation>Карточка покупателя</translation>
    </message>
    <message>
        <source>Customer photo</source>
        <translation>Фото покупателя</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Имя покупателя</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Уровень</translation>
    </message>
    <message>
        <source>Balance caption</source>
        <translation>Подпись баланса</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Баланс</translation>
    </message>
    <message>
        <source>Held points</source>
        <translation>Удержанные баллы</translation>
    </message>
    <message>
        <source>Phone and email</source>
        <translation>Телефон и email</translation>
    </message>
    <message>
        <source>Expiring points</source>
        <translation>Сгорающие баллы</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>Нет покупателя</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <source>%1 · discount %2%</source>
        <translation>%1 · скидка %2%</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>скидка</translation>
    </message>
    <message>
        <source>%1 · cashback %2%</source>
        <translation>%1 · кэшбэк %2%</translation>
    </message>
    <message>
        <source>%1 · cashback %2% · spend up to %3% of a purchase</source>
        <translation>%1 · кэшбэк %2% · списание до %3% чека</translation>
    </message>
    <message>
        <source>Discount level</source>
        <translation>Уровень со скидкой</translation>
    </message>
    <message>
        <source>Discount %1%</source>
        <translation>Скидка %1%</translation>
    </message>
    <message>
        <source>Points available</source>
        <translation>Доступно баллов</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 Б</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source>Not checked: no connection to the server</source>
        <translation>Не проверен: нет связи с сервером</translation>
    </message>
    <message>
        <source>Found by the server: the earn is credited</source>
        <translation>Найден сервером: баллы начислены</translation>
    </message>
    <message>
        <source>The server did not credit the earn</source>
        <translation>Сервер не начислил баллы</translation>
    </message>
    <message>
        <source>🎂 Birthday today!</source>
        <translation>🎂 Сегодня день рождения!</translation>
    </message>
    <message numerus="yes">
        <source>🎂 Birthday in %n day(s), %1</source>
        <translation>
            <numerusform>🎂 День рождения через %n день, %1</numerusform>
            <numerusform>🎂 День рождения через %n дня, %1</numerusform>
            <numerusform>🎂 День рождения через %n дней, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 points held for this purchase</source>
        <translation>%1 Б в резерве для этой покупки</translation>
    </message>
</context>
<context>
    <name>ClientView</name>
    <message>
        <source>%1 points expire on %2</source>
        <translation>%1 Б сгорят %2</translation>
    </message>
    <message>
        <source>%1 points not active yet</source>
        <translation>%1 Б ещё не активны</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Phone, card or app code</source>
        <translation>Телефон, карта или код</translation>
    </message>
    <message>
        <source>Look up a customer: phone, card or app code</source>
        <translation>Найти покупателя: телефон, карта или код</translation>
    </message>
    <message>
        <source>Search problem</source>
        <translation>Ошибка поиска</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Данные покупателя</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Bonus history</source>
        <translation>История бонусов</translation>
    </message>
    <message>
        <source>Invitation</source>
        <translation>Приглашение</translation>
    </message>
    <message>
        <source>Partner bonus</source>
        <translation>Бонус партнёра</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Expiring points</source>
        <translation>Сгорающие баллы</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Скопировать ссылку</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Скопировать код</translation>
    </message>
    <message>
        <source>Customer&apos;s email</source>
        <translation>Email покупателя</translation>
    </message>
    <message>
        <source>Email problem</source>
        <translation>Ошибка в email</translation>
    </message>
    <message>
        <source>Enrol with the partner (Enter)</source>
        <translation>Зарегистрировать (Enter)</translation>
    </message>
    <message>
        <source>Enrol with the partner</source>
        <translation>Зарегистрировать в акции партнёра</translation>
    </message>
    <message>
        <source>Stop waiting</source>
        <translation>Не ждать</translation>
    </message>
    <message>
        <source>Stop waiting for the partner</source>
        <translation>Не ждать ответа партнёра</translation>
    </message>
    <message>
        <source>Waiting for the partner</source>
        <translation>Ожидание партнёра</translation>
    </message>
    <message>
        <source>Email for the partner bonus</source>
        <translation>Email для бонуса партнёра</translation>
    </message>
    <message>
        <source>The partner&apos;s address is plain http, as its document gives it: the email travels unencrypted.</source>
        <translation>Адрес партнёра — обычный http, как в его документации: email передаётся без шифрования.</translation>
    </message>
    <message>
        <source>The partner key is not set. Call IT to set it.</source>
        <translation>Ключ партнёра не задан. Позвоните в техподдержку, чтобы его задали.</translation>
    </message>
    <message>
        <source>The invitation service is not configured.</source>
        <translation>Сервис приглашений не настроен.</translation>
    </message>
    <message>
        <source>Loading the invitation…</source>
        <translation>Загружаем приглашение…</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s email.</source>
        <translation>Введите email покупателя.</translation>
    </message>
    <message>
        <source>This is not a valid email address. Check it with the customer.</source>
        <translation>Это не похоже на email. Уточните у покупателя.</translation>
    </message>
    <message>
        <source>Waiting for the partner… %1 s</source>
        <translation>Ждём ответа партнёра… %1 с</translation>
    </message>
    <message>
        <source>Stopped waiting. The partner&apos;s answer, when it comes, goes into the journal.</source>
        <translation>Ожидание прекращено. Ответ партнёра, когда придёт, будет записан в журнал.</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>Код: %1</translation>
    </message>
    <message>
        <source>User ID: %1</source>
        <translation>ID пользователя: %1</translation>
    </message>
    <message>
        <source>The link is too long for a QR code. Copy the link below instead.</source>
        <translation>Ссылка слишком длинная для QR-кода. Скопируйте ссылку ниже.</translation>
    </message>
    <message>
        <source>Done: the customer will get the partner bonus.</source>
        <translation>Готово: покупатель получит бонус партнёра.</translation>
    </message>
    <message>
        <source>The partner did not answer in time, so it is not known whether the customer was enrolled. Trying again is safe: the partner recognises an email it already has and says so.</source>
        <translation>Партнёр не ответил вовремя, поэтому неизвестно, зарегистрирован ли покупатель. Повторить можно: партнёр узнаёт уже известный ему email и сообщает об этом.</translation>
    </message>
    <message>
        <source>The partner answered, but its answer could not be understood, so it is not known whether the customer was enrolled. Trying again is safe: the partner recognises an email it already has. If it happens again, tell IT.</source>
        <translation>Партнёр ответил, но его ответ не удалось понять, поэтому неизвестно, зарегистрирован ли покупатель. Повторить можно: партнёр узнаёт уже известный ему email. Если повторится — сообщите в техподдержку.</translation>
    </message>
</context>
<context>
    <name>Clock</name>
    <message>
        <source>The till&apos;s clock is %1 min behind the server&apos;s</source>
        <translation>Часы кассы отстают на %1 мин от сервера</translation>
    </message>
    <message>
        <source>The till&apos;s clock is %1 min ahead of the server&apos;s</source>
        <translation>Часы кассы спешат на %1 мин относительно сервера</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Confirm (Enter)</source>
        <translation>Провести (Enter)</translation>
    </message>
    <message>
        <source>Confirm anyway (F9)</source>
        <translation>Всё равно провести (F9)</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>Назад (Esc)</translation>
    </message>
    <message>
        <source>Back (Enter, Esc)</source>
        <translation>Назад (Enter, Esc)</translation>
    </message>
    <message>
        <source>F9</source>
        <translation>F9</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Not confirmed yet: press %1 again to confirm.</source>
        <translation>Ещё не проведено: нажмите %1 ещё раз, чтобы провести.</translation>
    </message>
    <message>
        <source>Not confirmed: keys were typed just before it (a scanner?). Check the sale and press %1 again to confirm.</source>
        <translation>Не проведено: перед этим были нажаты клавиши (сканер?). Проверьте покупку и нажмите %1 ещё раз, чтобы провести.</translation>
    </message>
</context>
<context>
    <name>Confirmation</name>
    <message>
        <source>Confirm the operation</source>
        <translation>Подтвердите операцию</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <source>No API key is stored.</source>
        <translation>ключ доступа не сохранён.</translation>
    </message>
    <message>
        <source>Reachable; the key is accepted; the point was not refused.</source>
        <translation>связь есть, ключ принят, касса не отклонена.</translation>
    </message>
    <message>
        <source>Reachable and the key is accepted, but the point ID is unknown to the server.</source>
        <translation>связь есть, ключ принят, но сервер не знает ID этой кассы.</translation>
    </message>
    <message>
        <source>Reachable, but the server refused the API key.</source>
        <translation>связь есть, но сервер не принял ключ доступа.</translation>
    </message>
    <message>
        <source>Reachable, but it found a customer for a test search.</source>
        <translation>связь есть, но на тестовый поиск нашёлся покупатель.</translation>
    </message>
    <message>
        <source>Not configured.</source>
        <translation>Не настроено.</translation>
    </message>
    <message>
        <source>Reachable; answers in the protocol&apos;s shape.</source>
        <translation>связь есть, ответ в описанном формате.</translation>
    </message>
    <message>
        <source>Reachable; it answered for a test user.</source>
        <translation>связь есть, ответ на тестового пользователя получен.</translation>
    </message>
    <message>
        <source>No partner key is stored.</source>
        <translation>Ключ партнёра не сохранён.</translation>
    </message>
    <message>
        <source>Reachable, but the partner refused the key&apos;s format.</source>
        <translation>связь есть, но партнёр не принял формат ключа.</translation>
    </message>
    <message>
        <source>Reachable. Whether the partner knows the key shows at the first enrolment.</source>
        <translation>связь есть. Знает ли партнёр ключ, станет видно при первой регистрации.</translation>
    </message>
    <message>
        <source>The address answered the test, but not as the partner service does (nothing was enrolled: the test sends no email). Check the address.</source>
        <translation>По этому адресу ответили на проверку, но не так, как отвечает сервис партнёра (никто не зарегистрирован: проверка не отправляет email). Проверьте адрес.</translation>
    </message>
    <message>
        <source>Reachable, but it accepted an empty email.</source>
        <translation>связь есть, но пустой email принят.</translation>
    </message>
    <message>
        <source>Something answers at this address, but not in the documented shape (a redirect, a web page or an error). Check the address.</source>
        <translation>По этому адресу что-то отвечает, но не в описанном формате (перенаправление, веб-страница или ошибка). Проверьте адрес.</translation>
    </message>
    <message>
        <source>No usable password store for the keys.</source>
        <translation>Нет пригодного хранилища паролей для ключей.</translation>
    </message>
    <message>
        <source>The CA file cannot be used.</source>
        <translation>Файл сертификатов нельзя использовать.</translation>
    </message>
    <message>
        <source>The till&apos;s clock agrees with the server&apos;s.</source>
        <translation>Часы кассы совпадают с часами сервера.</translation>
    </message>
    <message>
        <source>%1. Holds use the server&apos;s time; set the till&apos;s clock right (time sync).</source>
        <translation>%1. Резервы считаются по времени сервера; поправьте часы кассы (синхронизация времени).</translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>Test connection</source>
        <translation>Проверить связь</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Проверяем…</translation>
    </message>
    <message>
        <source>The test could not run: %1</source>
        <translation>Проверка не выполнилась: %1</translation>
    </message>
    <message>
        <source>Loyalty server</source>
        <translation>Сервер лояльности</translation>
    </message>
    <message>
        <source>Till clock</source>
        <translation>Часы кассы</translation>
    </message>
    <message>
        <source>Bonus history</source>
        <translation>История бонусов</translation>
    </message>
    <message>
        <source>Invitation</source>
        <translation>Приглашение</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>Партнёр</translation>
    </message>
    <message>
        <source>Password store</source>
        <translation>Хранилище паролей</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>Непредвиденная ошибка</translation>
    </message>
    <message>
        <source>Something went wrong inside the program. It was recorded for technical support; call them if it happens again. The program keeps running.</source>
        <translation>В программе произошла ошибка. Она записана для техподдержки; если повторится — позвоните в техподдержку. Программа продолжает работать.</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <source>Customer display</source>
        <translation>Дисплей покупателя</translation>
    </message>
    <message>
        <source>TRAINING MODE: nothing is really spent or earned</source>
        <translation>УЧЕБНЫЙ РЕЖИМ: баллы по-настоящему не списываются и не начисляются</translation>
    </message>
    <message>
        <source>Hello, %1!</source>
        <translation>Здравствуйте, %1!</translation>
    </message>
    <message>
        <source>%1 · %2 points</source>
        <translation>%1 · %2 Б</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 Б</translation>
    </message>
    <message>
        <source>Scan the code in your app</source>
        <translation>Покажите код из приложения</translation>
    </message>
    <message>
        <source>No app yet? Join with this QR code</source>
        <translation>Ещё нет приложения? Присоединяйтесь по QR-коду</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Добро пожаловать!</translation>
    </message>
    <message>
        <source>Purchase: %1</source>
        <translation>Покупка: %1</translation>
    </message>
    <message>
        <source>Points to spend: %1</source>
        <translation>Списываем баллов: %1</translation>
    </message>
    <message>
        <source>Discount: %1</source>
        <translation>Скидка: %1</translation>
    </message>
    <message>
        <source>Points to earn: %1</source>
        <translation>Начислим баллов: %1</translation>
    </message>
    <message>
        <source>Your points are held for %1</source>
        <translation>Баллы зарезервированы ещё %1</translation>
    </message>
    <message>
        <source>To pay: %1</source>
        <translation>К оплате: %1</translation>
    </message>
    <message>
        <source>Spent: %1 points</source>
        <translation>Списано: %1 Б</translation>
    </message>
    <message>
        <source>Earned: %1 points</source>
        <translation>Начислено: %1 Б</translation>
    </message>
    <message>
        <source>Your balance now: %1 points</source>
        <translation>Теперь на счёте: %1 Б</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Спасибо за покупку!</translation>
    </message>
    <message>
        <source>We will credit your points as soon as the connection is back</source>
        <translation>Баллы начислим, когда появится связь</translation>
    </message>
    <message>
        <source>One moment, please: we are checking the payment</source>
        <translation>Минуту, пожалуйста: проверяем оплату</translation>
    </message>
</context>
<context>
    <name>Handoff</name>
    <message>
        <source>Not safe to hand over: %1</source>
        <translation>Передавать небезопасно: %1</translation>
    </message>
    <message>
        <source>The till hung up.</source>
        <translation>Касса прервала связь.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Отказано: %1</translation>
    </message>
    <message>
        <source>Handed to the till (%1).</source>
        <translation>Передано в кассу (%1).</translation>
    </message>
    <message>
        <source>No Loyalty Till window is running for this user.</source>
        <translation>Окно Loyalty Till у этого пользователя не запущено.</translation>
    </message>
    <message>
        <source>Gave up waiting; the sale goes on in the till.</source>
        <translation>Ожидание прекращено; покупка продолжается в кассе.</translation>
    </message>
    <message>
        <source>The till closed before the sale ended: check its journal.</source>
        <translation>Касса закрылась до окончания покупки: проверьте журнал.</translation>
    </message>
    <message>
        <source>The amount %1 cannot be used: %2</source>
        <translation>Сумму %1 нельзя принять: %2</translation>
    </message>
    <message>
        <source>The receipt ID %1 cannot be used: letters, digits and - _ . / # : only, up to %2 characters.</source>
        <translation>Номер чека %1 нельзя принять: только буквы, цифры и - _ . / # :, не длиннее %2 символов.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>%1 (%2): amount %3, to pay %4, spent %5, earned %6, customer %7, journal #%8, receipt %9</source>
        <translation>%1 (%2): сумма %3, к оплате %4, списано %5, начислено %6, покупатель %7, журнал №%8, чек %9</translation>
    </message>
    <message>
        <source>points spent</source>
        <translation>баллы списаны</translation>
    </message>
    <message>
        <source>points earned</source>
        <translation>баллы начислены</translation>
    </message>
    <message>
        <source>a discount given</source>
        <translation>дана скидка</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <source>the server&apos;s answer was lost: check the journal</source>
        <translation>ответ сервера потерян: проверьте журнал</translation>
    </message>
    <message>
        <source>earn recorded, credited when the link is back</source>
        <translation>начисление записано, баллы придут, когда появится связь</translation>
    </message>
    <message>
        <source>A confirmation is open in the till: finish it first.</source>
        <translation>В кассе открыто подтверждение: сначала завершите его.</translation>
    </message>
    <message>
        <source>A window is open in the till: close it first.</source>
        <translation>В кассе открыто окно: сначала закройте его.</translation>
    </message>
    <message>
        <source>A sale is being sent: wait for its result.</source>
        <translation>Покупка отправляется: дождитесь результата.</translation>
    </message>
    <message>
        <source>Send the amount as JSON: {&quot;amount&quot;: &quot;1500,00&quot;}.</source>
        <translation>Передайте сумму в JSON: {&quot;amount&quot;: &quot;1500,00&quot;}.</translation>
    </message>
    <message>
        <source>The receipt is a string and the timeout a number of seconds.</source>
        <translation>Номер чека — строка, а timeout — число секунд.</translation>
    </message>
    <message>
        <source>The request is too long.</source>
        <translation>Слишком длинный запрос.</translation>
    </message>
    <message>
        <source>Send one JSON object per line.</source>
        <translation>Передавайте один объект JSON в строке.</translation>
    </message>
    <message>
        <source>Unknown call %1.</source>
        <translation>Неизвестный вызов %1.</translation>
    </message>
    <message>
        <source>The amount must be a string, e.g. &quot;1500,00&quot;.</source>
        <translation>Сумма передаётся строкой, например &quot;1500,00&quot;.</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>TRAINING MODE: demo server, no real points are spent or earned</source>
        <translation>УЧЕБНЫЙ РЕЖИМ: демо-сервер, настоящие баллы не списываются и не начисляются</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>Учебный режим</translation>
    </message>
    <message>
        <source>Configuration problem</source>
        <translation>Ошибка настройки</translation>
    </message>
    <message>
        <source>Insecure connection</source>
        <translation>Незащищённое соединение</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>POS hand-off</source>
        <translation>Передача сумм от POS</translation>
    </message>
    <message>
        <source>Holds and the journal use the server&apos;s time, so sales are safe; ask IT to set the till&apos;s clock right.</source>
        <translation>Резервы и журнал считаются по времени сервера, продажи это не нарушает; попросите техподдержку поправить часы кассы.</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>Касса</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Связь</translation>
    </message>
    <message>
        <source>Till clock</source>
        <translation>Часы кассы</translation>
    </message>
    <message>
        <source>Unsettled operations</source>
        <translation>Неразобранные операции</translation>
    </message>
    <message>
        <source>Earns waiting for the link</source>
        <translation>Начисления ждут связи</translation>
    </message>
    <message>
        <source>main</source>
        <translation>основной</translation>
    </message>
    <message>
        <source>NOT PROTECTED: %1 is on plain http; keys and customers&apos; data travel in the clear. Tell IT.</source>
        <translation>НЕ ЗАЩИЩЕНО: %1 работает по http без шифрования — ключ доступа и данные покупателей передаются открыто. Позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Учебный режим</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Рабочий режим</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Профиль: %1</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Сервер %1</translation>
    </message>
    <message>
        <source>The server is failing since %1</source>
        <translation>Сервер работает со сбоями с %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Связь есть</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Связь есть</translation>
    </message>
    <message>
        <source>No connection to the server</source>
        <translation>Нет связи с сервером</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Нет подключения</translation>
    </message>
    <message>
        <source>NO CONNECTION TO THE LOYALTY SERVER. Customers can still earn: the amount, F4, F9; points are credited when the link is back. Nothing can be spent.</source>
        <translation>НЕТ СВЯЗИ С СЕРВЕРОМ ЛОЯЛЬНОСТИ. Начислять можно: сумма, F4, F9 — баллы будут начислены, когда появится связь. Списать нельзя.</translation>
    </message>
    <message>
        <source>THE LOYALTY SERVER IS FAILING: it answers with errors or not in time. Try again in a minute; nothing can be recorded offline meanwhile.</source>
        <translation>СЕРВЕР ЛОЯЛЬНОСТИ РАБОТАЕТ СО СБОЯМИ: отвечает ошибкой или не успевает ответить. Повторите через минуту; записать начисление без связи сейчас нельзя.</translation>
    </message>
    <message>
        <source>Earns waiting for the link: %1</source>
        <translation>Начисления ждут связи: %1</translation>
    </message>
    <message>
        <source>Earns credited later: the last at %1</source>
        <translation>Начисления без связи проведены, последнее в %1</translation>
    </message>
    <message>
        <source>No connection to the server since %1</source>
        <translation>Нет связи с сервером с %1</translation>
    </message>
    <message>
        <source>Till …%1</source>
        <translation>Касса …%1</translation>
    </message>
    <message>
        <source>Point ID: %1</source>
        <translation>ID точки: %1</translation>
    </message>
    <message>
        <source>Need checking: %1 (F11)</source>
        <translation>Требуют проверки: %1 (F11)</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Added</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Сгорело</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Active from</source>
        <translation>Активны с</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Сгорают</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>без срока</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Search descriptions</source>
        <translation>Поиск по описаниям</translation>
    </message>
    <message>
        <source>Search in descriptions</source>
        <translation>Поиск в описаниях</translation>
    </message>
    <message>
        <source>Bonus history</source>
        <translation>История бонусов</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Загружаем историю…</translation>
    </message>
    <message>
        <source>The bonus history service is not configured.</source>
        <translation>Сервис истории бонусов не настроен.</translation>
    </message>
    <message>
        <source>Added %1 points · expired %2 points · %3 entries</source>
        <translation>Начислено %1 Б · сгорело %2 Б · записей: %3</translation>
    </message>
    <message>
        <source>No bonus history.</source>
        <translation>Истории бонусов нет.</translation>
    </message>
    <message>
        <source>The history service did not answer properly, so no history is shown: %1</source>
        <translation>Сервис истории не ответил как положено, поэтому история не показана: %1</translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <source>hold</source>
        <translation>резерв</translation>
    </message>
    <message>
        <source>release</source>
        <translation>снятие резерва</translation>
    </message>
    <message>
        <source>purchase</source>
        <translation>покупка</translation>
    </message>
    <message>
        <source>partner promotion</source>
        <translation>акция партнёра</translation>
    </message>
    <message>
        <source> (training)</source>
        <translation> (учебная)</translation>
    </message>
    <message>
        <source>held</source>
        <translation>действует</translation>
    </message>
    <message>
        <source>expired unused</source>
        <translation>истёк, не использован</translation>
    </message>
    <message>
        <source>used by the sale</source>
        <translation>использован покупкой</translation>
    </message>
    <message>
        <source>released</source>
        <translation>снят</translation>
    </message>
    <message>
        <source>ended by another operation</source>
        <translation>снят другой операцией</translation>
    </message>
    <message>
        <source>went through late: check for a repeat</source>
        <translation>прошло позже: проверьте повтор</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>прервано</translation>
    </message>
    <message>
        <source>done (confirmed afterwards)</source>
        <translation>проведено (подтверждено позже)</translation>
    </message>
    <message>
        <source>did not happen</source>
        <translation>не прошло</translation>
    </message>
    <message>
        <source>checking</source>
        <translation>проверяется</translation>
    </message>
    <message>
        <source>needs checking</source>
        <translation>требует проверки</translation>
    </message>
    <message>
        <source>unknown, nothing to do</source>
        <translation>неизвестно, делать ничего не нужно</translation>
    </message>
    <message>
        <source>done</source>
        <translation>проведено</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>отклонено</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>не отправлено</translation>
    </message>
    <message>
        <source>done (decided by the manager)</source>
        <translation>проведено (решение менеджера)</translation>
    </message>
    <message>
        <source>did not happen (decided by the manager)</source>
        <translation>не прошло (решение менеджера)</translation>
    </message>
    <message>
        <source>waiting for the link</source>
        <translation>ожидает связи</translation>
    </message>
    <message>
        <source>credited later</source>
        <translation>начислено позже</translation>
    </message>
    <message>
        <source>not credited</source>
        <translation>не начислено</translation>
    </message>
    <message>
        <source>recorded without a connection at %1; credited when the link is back</source>
        <translation>записано без связи в %1; будет начислено, когда появится связь</translation>
    </message>
    <message>
        <source>recorded without a connection at %1, credited at %2</source>
        <translation>записано без связи в %1, начислено в %2</translation>
    </message>
    <message>
        <source>recorded without a connection at %1; the server did not credit it (the customer not found, or refused): credit it in the loyalty program, then settle it</source>
        <translation>записано без связи в %1; сервер не начислил (покупатель не найден или отказ): начислите в программе лояльности, затем отметьте решение</translation>
    </message>
    <message>
        <source>settled by the manager: %1</source>
        <translation>решение менеджера: %1</translation>
    </message>
    <message>
        <source>judged «did not happen», but a balance read at %1 shows the server made it later: check whether it was made again, then settle it</source>
        <translation>считалось «не прошло», но баланс в %1 показал, что сервер провёл её позже: проверьте, не провели ли её повторно, и отметьте решение</translation>
    </message>
    <message>
        <source>the hold was released; its points are free</source>
        <translation>резерв снят, баллы снова доступны</translation>
    </message>
    <message>
        <source>the program stopped before the answer came</source>
        <translation>программа остановилась до ответа</translation>
    </message>
    <message>
        <source>the server refused it; nothing happened</source>
        <translation>сервер отклонил операцию; ничего не произошло</translation>
    </message>
    <message>
        <source>no connection; nothing was sent</source>
        <translation>нет связи; ничего не отправлено</translation>
    </message>
    <message>
        <source>no answer; enrolling again is harmless: the partner recognises the email</source>
        <translation>нет ответа; повторная регистрация безопасна: партнёр узнаёт уже известный email</translation>
    </message>
    <message>
        <source>no answer; a hold ends by itself in time</source>
        <translation>нет ответа; резерв истечёт сам</translation>
    </message>
    <message>
        <source>(balance %1 → %2)</source>
        <translation>(баланс %1 → %2)</translation>
    </message>
    <message>
        <source>no answer; the balance shows it went through</source>
        <translation>нет ответа; по балансу операция прошла</translation>
    </message>
    <message>
        <source>no answer; the balance shows it did not happen</source>
        <translation>нет ответа; по балансу операция не прошла</translation>
    </message>
    <message>
        <source>no answer; checking the balance until a late answer is impossible</source>
        <translation>нет ответа; баланс проверяется, пока сервер ещё может выполнить операцию</translation>
    </message>
    <message>
        <source>the balance cannot tell; check with the loyalty program, then settle it</source>
        <translation>по балансу не понять; уточните в программе лояльности и примите решение</translation>
    </message>
    <message>
        <source>spend %1</source>
        <translation>списать %1</translation>
    </message>
    <message>
        <source>earn %1</source>
        <translation>начислить %1</translation>
    </message>
    <message>
        <source>hold of %1</source>
        <translation>резерв %1</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>Касса</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Списано</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>Attempted</source>
        <translation>Попытка</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Чек</translation>
    </message>
    <message>
        <source>Server time</source>
        <translation>Время сервера</translation>
    </message>
    <message>
        <source>Sent later at</source>
        <translation>Отправлено позже</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Списано</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Attempted, not counted: %1</source>
        <translation>Попытка, не учтено: %1</translation>
    </message>
    <message>
        <source>receipt %1</source>
        <translation>чек %1</translation>
    </message>
    <message>
        <source>server time %1</source>
        <translation>время сервера %1</translation>
    </message>
</context>
<context>
    <name>JournalWindow</name>
    <message>
        <source>Journal</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Проведённые</translation>
    </message>
    <message>
        <source>Refused or not sent</source>
        <translation>Отклонённые и не отправленные</translation>
    </message>
    <message>
        <source>Unknown or interrupted</source>
        <translation>Неизвестные и прерванные</translation>
    </message>
    <message>
        <source>Waiting for the link</source>
        <translation>Ожидают связи</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Операции</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Shift totals</source>
        <translation>Итоги смены</translation>
    </message>
    <message>
        <source>Excel (Russian): &apos;;&apos; and decimal comma</source>
        <translation>Для Excel: «;» и десятичная запятая</translation>
    </message>
    <message>
        <source>Excel format</source>
        <translation>Формат Excel</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Выгрузить CSV…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Выгрузить</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>Скопировать диагностику</translation>
    </message>
    <message>
        <source>Scanner check</source>
        <translation>Проверка сканера</translation>
    </message>
    <message>
        <source>It happened</source>
        <translation>Операция прошла</translation>
    </message>
    <message>
        <source>Mark the operation as done</source>
        <translation>Отметить операцию как проведённую</translation>
    </message>
    <message>
        <source>It did not happen</source>
        <translation>Операция не прошла</translation>
    </message>
    <message>
        <source>Mark the operation as not done</source>
        <translation>Отметить операцию как непрошедшую</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Purchases: %1 · spent %2 points · earned %3 points · unknown: %4</source>
        <translation>Покупок: %1 · списано %2 Б · начислено %3 Б · требуют проверки: %4</translation>
    </message>
    <message>
        <source>waiting for the link: %1 (%2)</source>
        <translation>ожидают связи: %1 (%2)</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>Select an operation to read its details here.</source>
        <translation>Выберите операцию — здесь будут её подробности.</translation>
    </message>
    <message>
        <source>Export the journal</source>
        <translation>Выгрузка журнала</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>KeyHelp</name>
    <message>
        <source>Search: phone, card or app code; Enter finds</source>
        <translation>Поиск: телефон, карта или код из приложения; Enter — найти</translation>
    </message>
    <message>
        <source>The purchase amount</source>
        <translation>Сумма покупки</translation>
    </message>
    <message>
        <source>Only earn points</source>
        <translation>Только начислить баллы</translation>
    </message>
    <message>
        <source>Hold the points while the customer decides</source>
        <translation>Зарезервировать баллы, пока покупатель решает</translation>
    </message>
    <message>
        <source>How many minutes to hold them</source>
        <translation>На сколько минут резервировать</translation>
    </message>
    <message>
        <source>Spend the most points allowed</source>
        <translation>Списать максимум баллов</translation>
    </message>
    <message>
        <source>Type the points to spend</source>
        <translation>Ввести, сколько баллов списать</translation>
    </message>
    <message>
        <source>Release the held points</source>
        <translation>Снять резерв баллов</translation>
    </message>
    <message>
        <source>Go through with the sale (a confirmation first)</source>
        <translation>Провести покупку (сначала подтверждение)</translation>
    </message>
    <message>
        <source>Next customer (held points are released)</source>
        <translation>Следующий покупатель (резерв снимается)</translation>
    </message>
    <message>
        <source>The customer: history, invitation, partner bonus</source>
        <translation>Покупатель: история, приглашение, бонус партнёра</translation>
    </message>
    <message>
        <source>The journal of operations; what needs checking</source>
        <translation>Журнал операций; что требует проверки</translation>
    </message>
    <message>
        <source>Settings (manager)</source>
        <translation>Настройки (менеджер)</translation>
    </message>
    <message>
        <source>Copy «to pay» and the points of a completed sale for the POS</source>
        <translation>Скопировать «К оплате» и баллы проведённой покупки для POS</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>Этот список</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>KeyRows</name>
    <message>
        <source>Set key…</source>
        <translation>Задать ключ…</translation>
    </message>
    <message>
        <source>Set the key: %1</source>
        <translation>Задать: %1</translation>
    </message>
    <message>
        <source>Loyalty server key</source>
        <translation>Ключ сервера лояльности</translation>
    </message>
    <message>
        <source>Partner key</source>
        <translation>Ключ партнёра</translation>
    </message>
    <message>
        <source>IMSHOP key</source>
        <translation>Ключ IMSHOP</translation>
    </message>
    <message>
        <source>Reading the password store…</source>
        <translation>Чтение хранилища паролей…</translation>
    </message>
    <message>
        <source>%1: will be stored on Save</source>
        <translation>%1: будет сохранён при сохранении настроек</translation>
    </message>
    <message>
        <source>%1: no usable password store</source>
        <translation>%1: нет доступного хранилища паролей</translation>
    </message>
    <message>
        <source>%1: stored</source>
        <translation>%1: сохранён</translation>
    </message>
    <message>
        <source>%1: not stored</source>
        <translation>%1: не сохранён</translation>
    </message>
    <message>
        <source>%1: not stored (optional)</source>
        <translation>%1: не сохранён (необязательный)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>ключ доступа</translation>
    </message>
    <message>
        <source>The %1 key (kept in the OS password store):</source>
        <translation>Ключ %1 (хранится в хранилище паролей системы):</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loyalty Till</source>
        <translation>Касса лояльности</translation>
    </message>
    <message>
        <source>Last operation</source>
        <translation>Последняя операция</translation>
    </message>
    <message>
        <source>Copied for the POS: to pay %1, points %2.</source>
        <translation>Скопировано для кассы: к оплате %1, баллов %2.</translation>
    </message>
    <message>
        <source>From the POS: %1. %2</source>
        <translation>С кассы: %1. %2</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>The program was stopped during an operation last time.</source>
        <translation>В прошлый раз программа остановилась во время операции.</translation>
    </message>
    <message>
        <source>the points were spent</source>
        <translation>баллы списаны</translation>
    </message>
    <message>
        <source>the points were earned</source>
        <translation>баллы начислены</translation>
    </message>
    <message>
        <source>it did not happen</source>
        <translation>операция не состоялась</translation>
    </message>
    <message>
        <source>still checking whether it went through: do not repeat it; the journal (F11) says when it is known</source>
        <translation>проверяем, прошла ли она: не проводите её повторно; журнал (F11) покажет результат</translation>
    </message>
    <message>
        <source>cannot tell: do not repeat it; the manager has it in the journal</source>
        <translation>определить нельзя: не повторяйте; менеджер разберёт по журналу</translation>
    </message>
    <message>
        <source>Operation at %1 for %2, amount %3: %4</source>
        <translation>Операция в %1, покупатель %2, сумма %3: %4</translation>
    </message>
    <message>
        <source>A hold of %1 points left from last time was released.</source>
        <translation>Удержание %1 Б, оставшееся с прошлого раза, снято.</translation>
    </message>
    <message>
        <source>A hold of %1 points could not be released; it ends by itself.</source>
        <translation>Удержание %1 Б снять не удалось; оно закончится само.</translation>
    </message>
    <message>
        <source>A hold, release or partner enrolment was interrupted; see the journal.</source>
        <translation>Прервано удержание, снятие удержания или передача партнёру; см. журнал.</translation>
    </message>
    <message>
        <source>Last session</source>
        <translation>Прошлый сеанс</translation>
    </message>
    <message numerus="yes">
        <source>%n open operation(s) (undecided, or waiting for the link) were read from it and carried over; if the old file was damaged at its beginning, others may be missing.</source>
        <translation>
            <numerusform>Незавершённых операций прочитано из него и перенесено: %n (неясные или ждущие связи); если начало старого файла повреждено, других может не хватать.</numerusform>
            <numerusform>Незавершённых операций прочитано из него и перенесено: %n (неясные или ждущие связи); если начало старого файла повреждено, других может не хватать.</numerusform>
            <numerusform>Незавершённых операций прочитано из него и перенесено: %n (неясные или ждущие связи); если начало старого файла повреждено, других может не хватать.</numerusform>
        </translation>
    </message>
    <message>
        <source>No open operation could be read from it: an undecided sale or an earn waiting for the link may be missing from the journal now.</source>
        <translation>Из него не удалось прочитать ни одной незавершённой операции: неясная покупка или начисление, ждущее связи, могут теперь отсутствовать в журнале.</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>The operations journal could not be read, so a new one was started. The old file was kept for IT as:</source>
        <translation>Журнал операций не удалось прочитать, начат новый. Старый файл сохранён для техподдержки:</translation>
    </message>
    <message>
        <source>Tell the manager: operations before this start are not in the journal; check this till&apos;s sales of today in the loyalty program.</source>
        <translation>Сообщите менеджеру: операций до этого запуска в журнале нет; проверьте сегодняшние покупки этой кассы в программе лояльности.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>These settings could not be used; the program started without them. Tell IT:</source>
        <translation>Эти настройки не удалось применить, программа запущена без них. Сообщите в техподдержку:</translation>
    </message>
</context>
<context>
    <name>PinPrompt</name>
    <message>
        <source>Manager PIN</source>
        <translation>PIN менеджера</translation>
    </message>
    <message>
        <source>Manager PIN:</source>
        <translation>PIN менеджера:</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Неверный PIN.</translation>
    </message>
</context>
<context>
    <name>PoleDisplay</name>
    <message>
        <source>TRAINING</source>
        <translation>УЧЕБНЫЙ РЕЖИМ</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Добро пожаловать!</translation>
    </message>
    <message>
        <source>Show your app code</source>
        <translation>Покажите код</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Баллы</translation>
    </message>
    <message>
        <source>Points off</source>
        <translation>Списать баллов</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Списано</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>Points come later</source>
        <translation>Баллы начислим позже</translation>
    </message>
    <message>
        <source>One moment, please</source>
        <translation>Минуту, проверяем</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Перейти к:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Типы файлов:</translation>
    </message>
</context>
<context>
    <name>SaleActions</name>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Confirm (F9)</source>
        <translation>Провести (F9)</translation>
    </message>
    <message>
        <source>Confirm the operation</source>
        <translation>Подтвердите операцию</translation>
    </message>
    <message>
        <source>Next customer (Esc)</source>
        <translation>Новый покупатель (Esc)</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>Новый покупатель</translation>
    </message>
</context>
<context>
    <name>ScannerCheck</name>
    <message>
        <source>Scanner check</source>
        <translation>Проверка сканера</translation>
    </message>
    <message>
        <source>Scan a card or a code (or type one). Here you see what the scanner sends and how the program reads it.</source>
        <translation>Отсканируйте карту или код (или наберите). Здесь видно, что передаёт сканер и как программа это читает.</translation>
    </message>
    <message>
        <source>What was received</source>
        <translation>Что получено</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>keypad Enter</source>
        <translation>Enter на цифровом блоке</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>not known (the system does not say)</source>
        <translation>неизвестна (система не сообщает)</translation>
    </message>
    <message>
        <source>%1–%2 ms, median %3 ms</source>
        <translation>%1–%2 мс, обычно %3 мс</translation>
    </message>
    <message>
        <source>a scan: the program searches for it from any field</source>
        <translation>скан: программа ищет покупателя из любого поля</translation>
    </message>
    <message>
        <source>not a scan: fewer than %1 characters</source>
        <translation>не скан: меньше %1 символов</translation>
    </message>
    <message>
        <source>not a scan: keys more than %1 ms apart (a person&apos;s typing, or a slow scanner: set it faster)</source>
        <translation>не скан: между клавишами больше %1 мс (набор вручную или медленный сканер — настройте его быстрее)</translation>
    </message>
    <message>
        <source>not a scan: no Enter or Tab at the end (set the scanner&apos;s suffix)</source>
        <translation>не скан: в конце нет Enter или Tab (настройте суффикс сканера)</translation>
    </message>
    <message>
        <source>not a scan: the Enter came more than %1 ms after the code</source>
        <translation>не скан: Enter пришёл позже чем через %1 мс после кода</translation>
    </message>
    <message>
        <source>Received: %1</source>
        <translation>Получено: %1</translation>
    </message>
    <message>
        <source>Read as: %1</source>
        <translation>Прочитано как: %1</translation>
    </message>
    <message>
        <source>(Russian keyboard layout: read by key position)</source>
        <translation>(русская раскладка: прочитано по положению клавиш)</translation>
    </message>
    <message>
        <source>Between keys: %1</source>
        <translation>Между клавишами: %1</translation>
    </message>
    <message>
        <source>Ended by: %1</source>
        <translation>В конце: %1</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>ничего</translation>
    </message>
    <message>
        <source>, %1 ms after the last key</source>
        <translation>, через %1 мс после последней клавиши</translation>
    </message>
    <message>
        <source>Keyboard layout: %1</source>
        <translation>Раскладка клавиатуры: %1</translation>
    </message>
    <message>
        <source>Verdict: %1</source>
        <translation>Итог: %1</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>Enter a phone, card number or app code.</source>
        <translation>Введите телефон, номер карты или код из приложения.</translation>
    </message>
    <message>
        <source>That is too long for a phone, card number or app code.</source>
        <translation>Слишком длинно для телефона, номера карты или кода.</translation>
    </message>
    <message>
        <source>That contains characters a phone, card number or app code cannot have.</source>
        <translation>Здесь есть символы, которых не бывает в телефоне, номере карты или коде.</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Phone, card or app code</source>
        <translation>Телефон, карта или код</translation>
    </message>
    <message>
        <source>Phone, card or code (F2)</source>
        <translation>Телефон, карта или код (F2)</translation>
    </message>
    <message>
        <source>Find (Enter)</source>
        <translation>Найти (Enter)</translation>
    </message>
    <message>
        <source>Find the customer</source>
        <translation>Найти покупателя</translation>
    </message>
    <message>
        <source>Customer (F10)</source>
        <translation>Покупатель (F10)</translation>
    </message>
    <message>
        <source>Open the customer view</source>
        <translation>Открыть карточку покупателя</translation>
    </message>
    <message>
        <source>Journal (F11)</source>
        <translation>Журнал (F11)</translation>
    </message>
    <message>
        <source>Open the journal</source>
        <translation>Открыть журнал</translation>
    </message>
    <message>
        <source>Keys (Shift+F1)</source>
        <translation>Клавиши (Shift+F1)</translation>
    </message>
    <message>
        <source>Search problem</source>
        <translation>Ошибка поиска</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <source>The key is empty.</source>
        <translation>Ключ пустой.</translation>
    </message>
    <message>
        <source>The key must be one line of printable characters without spaces.</source>
        <translation>Ключ — одна строка печатных символов без пробелов.</translation>
    </message>
    <message>
        <source>The hand-off token must be at least 16 characters (make a random one).</source>
        <translation>Ключ передачи с кассы — не короче 16 символов (сделайте случайный).</translation>
    </message>
    <message>
        <source>The partner key is a GUID, written like 6f1c2a4e-1b7d-4c1e-9a55-0d3b7c9e2f10.</source>
        <translation>Ключ партнёра записывается так: 6f1c2a4e-1b7d-4c1e-9a55-0d3b7c9e2f10.</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>The computer has no usable password store for the API key. Call IT; training mode works without one.</source>
        <translation>На компьютере нет пригодного хранилища паролей для ключа доступа. Позвоните в техподдержку; учебный режим работает и без него.</translation>
    </message>
    <message>
        <source>No API key is stored for the profile %1. IT sets it with &apos;loyalty-till credentials set&apos;.</source>
        <translation>Не сохранён ключ доступа для профиля %1. Техподдержка задаёт его командой «loyalty-till credentials set».</translation>
    </message>
    <message>
        <source>The CA file of the profile %1 cannot be used.</source>
        <translation>Файл сертификатов профиля %1 нельзя использовать.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Enter the address.</source>
        <translation>Введите адрес.</translation>
    </message>
    <message>
        <source>The address must look like https://host/path.</source>
        <translation>Адрес должен выглядеть так: https://сервер/путь.</translation>
    </message>
    <message>
        <source>The address cannot contain spaces.</source>
        <translation>В адресе не может быть пробелов.</translation>
    </message>
    <message>
        <source>The address cannot contain a user name or password: keys belong in the password store (loyalty-till credentials set).</source>
        <translation>В адресе не может быть имени пользователя или пароля: ключи хранятся в хранилище паролей (loyalty-till credentials set).</translation>
    </message>
    <message>
        <source>The address contains a character an address cannot have (such as &quot;).</source>
        <translation>В адресе есть символ, которого в адресе быть не может (например, &quot;).</translation>
    </message>
    <message>
        <source>Plain http:// to another computer is not protected. Use https://, or add the address to the list of allowed insecure addresses.</source>
        <translation>Обычное соединение http:// с другим компьютером не защищено. Используйте https:// или добавьте адрес в список разрешённых незащищённых адресов.</translation>
    </message>
    <message>
        <source>Enter the point ID.</source>
        <translation>Введите ID кассы (торговой точки).</translation>
    </message>
    <message>
        <source>A point ID is letters, digits, - and _ only (up to 64).</source>
        <translation>ID кассы — только латинские буквы, цифры, - и _ (до 64).</translation>
    </message>
    <message>
        <source>The CA file does not exist.</source>
        <translation>Файла сертификатов нет.</translation>
    </message>
    <message>
        <source>A till name is up to 40 letters on one line.</source>
        <translation>Название кассы — до 40 знаков в одну строку.</translation>
    </message>
    <message>
        <source>Allowed insecure addresses must start with http://.</source>
        <translation>Разрешённые незащищённые адреса должны начинаться с http://.</translation>
    </message>
    <message>
        <source>A profile name is lower-case letters, digits, - and _, and not &apos;training&apos;.</source>
        <translation>Имя профиля — строчные латинские буквы, цифры, - и _, и не «training».</translation>
    </message>
    <message>
        <source>A web origin is scheme, host and port only, e.g. https://pos.chain.example.</source>
        <translation>Веб-адрес источника — только схема, хост и порт, например https://pos.chain.example.</translation>
    </message>
    <message>
        <source>The hand-off port is 0 (off) or from 1024 to 65535.</source>
        <translation>Порт передачи с кассы — 0 (выключено) или от 1024 до 65535.</translation>
    </message>
    <message>
        <source>chain_dsn must not hold the password: store it with &apos;loyalty-till credentials set --key chain&apos;.</source>
        <translation>В chain_dsn не должно быть пароля: сохраните его командой «loyalty-till credentials set --key chain».</translation>
    </message>
    <message>
        <source>manager_pin holds a hash made by &apos;loyalty-till pin hash&apos;.</source>
        <translation>В manager_pin хранится хеш, сделанный командой «loyalty-till pin hash».</translation>
    </message>
    <message>
        <source>The active profile is not defined.</source>
        <translation>Активный профиль не описан.</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, строка %2</translation>
    </message>
    <message>
        <source>this file is not written correctly, so none of its settings are used</source>
        <translation>файл записан с ошибкой, поэтому ни одна его настройка не используется</translation>
    </message>
    <message>
        <source>this file cannot be read, so it is not used</source>
        <translation>файл не читается, поэтому не используется</translation>
    </message>
    <message>
        <source>%1 must be a section; it is ignored</source>
        <translation>%1 должен быть разделом; пропущено</translation>
    </message>
    <message>
        <source>unknown setting %1; it is ignored</source>
        <translation>неизвестная настройка %1; пропущена</translation>
    </message>
    <message>
        <source>locked must be a list of setting names; it is ignored</source>
        <translation>locked должен быть списком имён настроек; пропущено</translation>
    </message>
    <message>
        <source>only the machine-wide file can lock settings; ignored here</source>
        <translation>блокировать настройки может только общий файл компьютера; здесь пропущено</translation>
    </message>
    <message>
        <source>%1 cannot be used; it is ignored</source>
        <translation>значение %1 нельзя использовать; пропущено</translation>
    </message>
    <message>
        <source>%1 is incomplete, so this profile is not used</source>
        <translation>%1 заполнен не полностью, поэтому профиль не используется</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Active profile</source>
        <translation>Активный профиль</translation>
    </message>
    <message>
        <source>Training (demo server)</source>
        <translation>Учебный (демо-сервер)</translation>
    </message>
    <message>
        <source>New profile…</source>
        <translation>Новый профиль…</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Новый профиль</translation>
    </message>
    <message>
        <source>Loyalty server address</source>
        <translation>Адрес сервера лояльности</translation>
    </message>
    <message>
        <source>Point ID</source>
        <translation>ID кассы (торговой точки)</translation>
    </message>
    <message>
        <source>Till name on screen</source>
        <translation>Название кассы на экране</translation>
    </message>
    <message>
        <source>IMSHOP bonus history address</source>
        <translation>Адрес истории бонусов IMSHOP</translation>
    </message>
    <message>
        <source>IMSHOP invitation address</source>
        <translation>Адрес приглашений IMSHOP</translation>
    </message>
    <message>
        <source>Partner (MOAB) address</source>
        <translation>Адрес партнёра (MOAB)</translation>
    </message>
    <message>
        <source>Extra CA certificate file</source>
        <translation>Дополнительный файл сертификатов</translation>
    </message>
    <message>
        <source>Allowed insecure addresses</source>
        <translation>Разрешённые незащищённые адреса</translation>
    </message>
    <message>
        <source>Allowed http:// addresses (comma separated)</source>
        <translation>Разрешённые адреса http:// (через запятую)</translation>
    </message>
    <message>
        <source>IMSHOP user identifier</source>
        <translation>Идентификатор пользователя IMSHOP</translation>
    </message>
    <message>
        <source>Loyalty client ID</source>
        <translation>ID клиента в программе лояльности</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Connect timeout, s</source>
        <translation>Ожидание соединения, с</translation>
    </message>
    <message>
        <source>Reply timeout, s</source>
        <translation>Ожидание ответа, с</translation>
    </message>
    <message>
        <source>Partner timeout, s</source>
        <translation>Ожидание партнёра, с</translation>
    </message>
    <message>
        <source>Server profile</source>
        <translation>Профиль сервера</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Language (after a restart)</source>
        <translation>Язык (после перезапуска)</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>Размер шрифта</translation>
    </message>
    <message>
        <source>Font size (after a restart)</source>
        <translation>Размер шрифта (после перезапуска)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Why the settings cannot be saved</source>
        <translation>Почему настройки не сохранить</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Locked by IT in the machine-wide settings</source>
        <translation>Заблокировано техподдержкой в общих настройках компьютера</translation>
    </message>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <source>machine-wide settings</source>
        <translation>общие настройки компьютера</translation>
    </message>
    <message>
        <source>this user&apos;s settings</source>
        <translation>настройки этого пользователя</translation>
    </message>
    <message>
        <source>command line, this run only (not saved)</source>
        <translation>командная строка, только на этот запуск (не сохраняется)</translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation>Откуда: %1</translation>
    </message>
    <message>
        <source>Given on the command line for this run only, and not saved: %1</source>
        <translation>Заданы в командной строке только на этот запуск и не сохраняются: %1</translation>
    </message>
    <message>
        <source>Profile name (letters, digits, - and _):</source>
        <translation>Имя профиля (латинские буквы, цифры, - и _):</translation>
    </message>
    <message>
        <source>That name cannot be a profile name.</source>
        <translation>Такое имя для профиля не подходит.</translation>
    </message>
    <message>
        <source>Correct the marked fields first.</source>
        <translation>Сначала исправьте отмеченные поля.</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <source>Settle the operation</source>
        <translation>Решение по операции</translation>
    </message>
    <message>
        <source>spend %1 points</source>
        <translation>списать %1 Б</translation>
    </message>
    <message>
        <source>earn %1 points</source>
        <translation>начислить %1 Б</translation>
    </message>
    <message>
        <source>Record that it HAPPENED?</source>
        <translation>Записать, что операция ПРОШЛА?</translation>
    </message>
    <message>
        <source>Record that it did NOT happen?</source>
        <translation>Записать, что операция НЕ прошла?</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <source>Who confirmed it, and how (required)</source>
        <translation>Кто подтвердил и как (обязательно)</translation>
    </message>
    <message>
        <source>Note problem</source>
        <translation>Ошибка в примечании</translation>
    </message>
    <message>
        <source>Checked against the POS receipt</source>
        <translation>Сверено с чеком POS</translation>
    </message>
    <message>
        <source>Checked with the loyalty program&apos;s support</source>
        <translation>Уточнено в поддержке программы лояльности</translation>
    </message>
    <message>
        <source>The customer&apos;s app shows it</source>
        <translation>Видно в приложении покупателя</translation>
    </message>
    <message>
        <source>Yes, record</source>
        <translation>Да, записать</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>a purchase with a discount of %1</source>
        <translation>покупка со скидкой %1</translation>
    </message>
    <message>
        <source>Write who confirmed it, and how.</source>
        <translation>Напишите, кто подтвердил и как.</translation>
    </message>
</context>
<context>
    <name>Start</name>
    <message>
        <source>Loyalty Till</source>
        <translation>Loyalty Till</translation>
    </message>
    <message>
        <source>Loyalty Till is already running for this user but does not answer. Close it (or end it in the task manager) and start it again.</source>
        <translation>Loyalty Till уже запущена у этого пользователя, но не отвечает. Закройте её (или завершите в диспетчере задач) и запустите снова.</translation>
    </message>
    <message>
        <source>The till&apos;s disk is full, so the journal of operations cannot be written and no sale can be made safely. Call technical support to free space. The program tries again every few seconds.</source>
        <translation>Диск кассы заполнен: журнал операций нельзя записать, и продажи небезопасны. Позвоните в техподдержку, чтобы освободили место. Программа пробует снова каждые несколько секунд.</translation>
    </message>
    <message>
        <source>The journal of operations is held by another program (a backup or an antivirus scan?) or cannot be written. No sale can be made without it. The program tries again every few seconds; if this lasts, call technical support.</source>
        <translation>Журнал операций занят другой программой (резервное копирование или антивирус?) или недоступен для записи. Без него продажи невозможны. Программа пробует снова каждые несколько секунд; если это затянулось — позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>The journal of operations was written by a newer version of Loyalty Till (journal version %1; this one knows up to %2). Nothing was changed in it. Install the newer version, or call technical support.</source>
        <translation>Журнал операций записан более новой версией Loyalty Till (версия журнала %1; эта версия знает до %2). В нём ничего не изменено. Установите новую версию или позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>THE POS CANNOT HAND SALES TO THIS TILL: its connection point is taken by another user of this computer. Sales typed here work as usual. Tell IT.</source>
        <translation>КАССА НЕ ПРИНИМАЕТ СУММЫ ОТ POS: точку подключения занял другой пользователь этого компьютера. Покупки, набранные здесь, проводятся как обычно. Сообщите в техподдержку.</translation>
    </message>
    <message>
        <source>THE POS CANNOT HAND SALES TO THIS TILL: another program holds port %1. The POS must not trust what answers there. Sales typed here work as usual. Tell IT.</source>
        <translation>КАССА НЕ ПРИНИМАЕТ СУММЫ ОТ POS: порт %1 занят другой программой, и POS не должна верить её ответам. Покупки, набранные здесь, проводятся как обычно. Сообщите в техподдержку.</translation>
    </message>
    <message>
        <source>The POS hand-off over HTTP is off: no token is stored. IT: loyalty-till credentials set --key handoff</source>
        <translation>Передача с кассы по HTTP выключена: не сохранён ключ. Для техподдержки: loyalty-till credentials set --key handoff</translation>
    </message>
</context>
<context>
    <name>Teller</name>
    <message>
        <source>The server did not answer, but the balance has not changed: the operation did not happen. You may repeat it.</source>
        <translation>Сервер не ответил, но баланс не изменился: операция не состоялась. Её можно повторить.</translation>
    </message>
    <message>
        <source>The server did not answer. Still checking whether the operation went through: do not repeat it yet. The screen will say when it is known.</source>
        <translation>Сервер не ответил. Проверяем, прошла ли операция: пока не проводите её повторно. Результат появится на экране.</translation>
    </message>
    <message>
        <source>Cannot tell whether the operation happened. Do not repeat it: the manager will check it in the journal.</source>
        <translation>Нельзя определить, прошла ли операция. Не повторяйте её: менеджер проверит её по журналу.</translation>
    </message>
    <message>
        <source>Could not read the balance before the sale, so nothing was sent. F9 sends it anyway: if its reply is then lost, only the manager can tell whether it went through.</source>
        <translation>Не удалось прочитать баланс перед покупкой — ничего не отправлено. F9 проведёт её без баланса: если ответ потеряется, понять, прошла ли она, сможет только менеджер.</translation>
    </message>
    <message>
        <source>The loyalty server does not answer, so nothing was sent. F9 tries again; Esc serves the next customer.</source>
        <translation>Сервер лояльности не отвечает, ничего не отправлено. F9 — попробовать снова; Esc — следующий покупатель.</translation>
    </message>
    <message>
        <source>Nothing was sent: the journal cannot be written right now (the disk is full, or another program holds the file). Try again in a minute; if it goes on, call technical support.</source>
        <translation>Ничего не отправлено: журнал операций сейчас нельзя записать (диск заполнен или файл занят другой программой). Повторите через минуту; если не проходит — позвоните в техподдержку.</translation>
    </message>
    <message>
        <source>This customer&apos;s previous operation is still being checked. Wait until the screen says whether it went through; nothing was sent.</source>
        <translation>Прошлая операция этого покупателя ещё проверяется. Дождитесь результата на экране; ничего не отправлено.</translation>
    </message>
    <message>
        <source>Not sent: the balance shows that the previous operation for this customer did go through after all. Check the journal before doing anything else.</source>
        <translation>Не отправлено: по балансу прошлая операция этого покупателя всё-таки прошла. Проверьте журнал (F11), прежде чем что-то делать.</translation>
    </message>
</context>
<context>
    <name>TillController</name>
    <message>
        <source>Could not check the last session&apos;s operations</source>
        <translation>Не удалось проверить операции прошлого сеанса</translation>
    </message>
    <message numerus="yes">
        <source>A sale judged «did not happen» went through after all (%n): the manager checks it in the journal (F11) — was it made again?</source>
        <translation>
            <numerusform>Покупки с итогом «не прошло» всё же прошли: %n. Менеджер проверит их в журнале (F11): не провели ли их повторно?</numerusform>
            <numerusform>Покупки с итогом «не прошло» всё же прошли: %n. Менеджер проверит их в журнале (F11): не провели ли их повторно?</numerusform>
            <numerusform>Покупки с итогом «не прошло» всё же прошли: %n. Менеджер проверит их в журнале (F11): не провели ли их повторно?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TouchKeypad</name>
    <message>
        <source>On-screen keypad</source>
        <translation>Экранная клавиатура</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Стереть</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Ввод</translation>
    </message>
</context>
<context>
    <name>Workflow</name>
    <message>
        <source>Points held</source>
        <translation>Баллы зарезервированы</translation>
    </message>
    <message>
        <source>The points to spend changed: you chose %1 points, now at most %2 may be spent. Choose again: F4 earn, F6 spend the maximum, F7 points.</source>
        <translation>Баллы к списанию изменились: вы выбрали %1 Б, теперь можно списать не больше %2 Б. Выберите снова: F4 — начислить, F6 — списать максимум, F7 — баллы.</translation>
    </message>
    <message>
        <source>Perhaps the Russian keyboard layout is on: search %1? Press Enter.</source>
        <translation>Возможно, включена русская раскладка: искать %1? Нажмите Enter.</translation>
    </message>
    <message>
        <source>Scanned during the confirmation: press Enter to find.</source>
        <translation>Отсканировано во время подтверждения: нажмите Enter, чтобы найти.</translation>
    </message>
    <message>
        <source>The sale&apos;s result is on screen. Next customer: scan the card, type a phone, or press Esc.</source>
        <translation>На экране итог покупки. Следующий покупатель: отсканируйте карту, наберите телефон или нажмите Esc.</translation>
    </message>
    <message>
        <source>The amount differs from the POS&apos;s: this sale is no longer the POS&apos;s receipt %1, and the POS hears that it was cancelled.</source>
        <translation>Сумма отличается от суммы кассовой программы: эта покупка больше не чек %1, кассовая программа получит «отменено».</translation>
    </message>
    <message>
        <source>No connection to the server: the customer cannot be looked up now, but an earn can be recorded.</source>
        <translation>Нет связи с сервером: покупателя сейчас не найти, но начисление можно записать.</translation>
    </message>
    <message>
        <source>No answer: the points may be held without the program knowing. Such a hold ends by itself; the outcome of this customer&apos;s next operation is checked with it in mind.</source>
        <translation>Нет ответа: баллы могли зарезервироваться без ведома программы. Такой резерв истечёт сам; следующая операция этого покупателя будет проверена с учётом его.</translation>
    </message>
    <message>
        <source>Checking the last operation…</source>
        <translation>Проверка последней операции…</translation>
    </message>
    <message>
        <source>Did not happen: may be repeated</source>
        <translation>Не состоялась: можно повторить</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Результат неизвестен</translation>
    </message>
    <message>
        <source>Hold released</source>
        <translation>Резерв снят</translation>
    </message>
    <message>
        <source>Could not release the hold; it ends by itself</source>
        <translation>Не удалось снять резерв; он закончится сам</translation>
    </message>
</context>
</TS>
