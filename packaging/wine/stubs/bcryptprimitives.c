/* A stand-in for Windows 10's bcryptprimitives.dll, which Wine 8.0 lacks: every Rust
 * extension (pydantic-core, cryptography, rpds-py) imports ProcessPrng from it for its
 * random numbers. This one fills the buffer from RtlGenRandom (advapi32's SystemFunction036),
 * which Wine has: real randomness, not a constant. Built by packaging/wine/prepare.sh with
 * MinGW into the Wine prefix's system32; never shipped. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
