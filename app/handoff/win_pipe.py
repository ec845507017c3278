"""The window's named pipe, reached from ``loyalty-till sale`` on Windows with the standard
library: ``ctypes`` and a file handle, no Qt (PySide6's import was most of the command's start;
measured in docs/pos.md). Qt's ``QLocalServer`` names its pipe ``\\\\.\\pipe\\<name>``.

Before a byte is sent, the pipe's server process must run as this user: the pipe's ACL already
keeps other users from *connecting* to ours, but another user's program could have created
the name first (a squatter); its token's user is compared with ours.
"""

from __future__ import annotations

import ctypes
import sys
import time
from ctypes import wintypes
from typing import IO

assert sys.platform == "win32", "the named pipe is Windows's"  # and mypy checks it as such

ERROR_PIPE_BUSY = 231
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
TOKEN_QUERY = 0x0008
TOKEN_USER_CLASS = 1


class PipeUnusable(OSError):
    """No pipe by that name, or it is served by another user."""


def pipe_path(name: str) -> str:
    return name if name.startswith("\\\\") else rf"\\.\pipe\{name}"


def open_pipe(name: str, *, wait_seconds: float) -> IO[bytes]:
    """Connect to the pipe (waiting while every instance is busy) and check its server."""
    import msvcrt

    path = pipe_path(name)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            # Not pathlib: it reads \\.\pipe\NAME as a UNC share and mangles it.
            pipe = open(path, "r+b", buffering=0)  # noqa: PTH123, SIM115 - the caller closes it
            break
        except OSError as error:
            if getattr(error, "winerror", None) != ERROR_PIPE_BUSY:
                raise PipeUnusable(str(error)) from error
            if time.monotonic() > deadline:
                raise PipeUnusable("the till's pipe stays busy") from error
            kernel32.WaitNamedPipeW(path, 200)
    handle = msvcrt.get_osfhandle(pipe.fileno())
    if not _served_by_this_user(kernel32, handle):
        pipe.close()
        raise PipeUnusable("the pipe is served by another user")
    return pipe


def available(pipe: IO[bytes]) -> int | None:
    """Bytes waiting in the pipe; ``None`` once the other end has closed it."""
    import msvcrt

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    waiting = wintypes.DWORD(0)
    handle = msvcrt.get_osfhandle(pipe.fileno())
    if not kernel32.PeekNamedPipe(
        wintypes.HANDLE(handle), None, 0, None, ctypes.byref(waiting), None
    ):
        return None
    return int(waiting.value)


def _served_by_this_user(kernel32: ctypes.WinDLL, handle: int) -> bool:
    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    server = wintypes.ULONG(0)
    if not kernel32.GetNamedPipeServerProcessId(wintypes.HANDLE(handle), ctypes.byref(server)):
        return False
    process = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, server.value)
    if not process:
        return False
    try:
        theirs = _token_user(kernel32, advapi32, process)
        ours = _token_user(kernel32, advapi32, kernel32.GetCurrentProcess())
    finally:
        kernel32.CloseHandle(process)
    return theirs is not None and theirs == ours


def _token_user(kernel32: ctypes.WinDLL, advapi32: ctypes.WinDLL, process: int) -> str | None:
    """The process's user as a SID string (S-1-5-21-…)."""
    token = wintypes.HANDLE()
    if not advapi32.OpenProcessToken(wintypes.HANDLE(process), TOKEN_QUERY, ctypes.byref(token)):
        return None
    try:
        size = wintypes.DWORD(0)
        advapi32.GetTokenInformation(token, TOKEN_USER_CLASS, None, 0, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(size.value)
        if not advapi32.GetTokenInformation(
            token, TOKEN_USER_CLASS, buffer, size, ctypes.byref(size)
        ):
            return None
        sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
        text = wintypes.LPWSTR()
        if not advapi32.ConvertSidToStringSidW(ctypes.c_void_p(sid), ctypes.byref(text)):
            return None
        try:
            return text.value
        finally:
            kernel32.LocalFree(text)
    finally:
        kernel32.CloseHandle(token)
