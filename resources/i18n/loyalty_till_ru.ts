<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
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
        <translation>Сервер не знает ID точки этой кассы. Проверьте ID точки в настройках или позвоните в ИТ.</translation>
    </message>
    <message>
        <source>The server refused the API key. Check the key in the settings or call IT.</source>
        <translation>Сервер не принял API-ключ. Проверьте ключ в настройках или позвоните в ИТ.</translation>
    </message>
    <message>
        <source>The server has a problem right now. Try again in a minute.</source>
        <translation>На сервере сейчас сбой. Попробуйте через минуту.</translation>
    </message>
    <message>
        <source>The server answered something the program does not understand. Call IT.</source>
        <translation>Сервер ответил непонятно для программы. Позвоните в ИТ.</translation>
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
        <source>It is not known whether the server carried out the operation. Do not repeat it until the result is checked.</source>
        <translation>Неизвестно, выполнил ли сервер операцию. Не повторяйте её, пока результат не проверен.</translation>
    </message>
    <message>
        <source>The partner service received no data. Call IT.</source>
        <translation>Сервис партнёра не получил данных. Позвоните в ИТ.</translation>
    </message>
    <message>
        <source>The partner key is not set. Call IT to set it.</source>
        <translation>Ключ партнёра не задан. Позвоните в ИТ, чтобы его задали.</translation>
    </message>
    <message>
        <source>The partner key has a wrong format. Call IT to check it.</source>
        <translation>Ключ партнёра в неверном формате. Позвоните в ИТ, чтобы его проверили.</translation>
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
        <translation>Партнёр не знает ключ этого магазина. Позвоните в ИТ, чтобы проверили ключ.</translation>
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
        <translation>Партнёр отказал с неизвестной ошибкой %1. Позвоните в ИТ.</translation>
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
</TS>
