/* A stand-in for Windows 10's system icuuc.dll, which Wine 8.0 lacks and Qt 6's Qt6Core.dll
 * imports (the ucnv_* converters behind QStringConverter's "other codecs"). Opening a
 * converter fails, so Qt falls back to its own UTF-8/UTF-16/Latin-1 codecs; nothing else is
 * called. Built by packaging/wine/prepare.sh with MinGW into the Wine prefix's system32, where
 * PyInstaller counts it a system DLL and leaves it out of the bundle. Never shipped. */
#include <stddef.h>
#include <stdint.h>

typedef int32_t UErrorCode;
#define U_MISSING_RESOURCE_ERROR 2

void *ucnv_open(const char *name, UErrorCode *error) {
    (void)name;
    if (error != NULL && *error <= 0) {
        *error = U_MISSING_RESOURCE_ERROR;
    }
    return NULL;
}

int32_t ucnv_countAvailable(void) { return 0; }
const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *error) {
    (void)name; (void)standard;
    if (error != NULL && *error <= 0) {
        *error = U_MISSING_RESOURCE_ERROR;
    }
    return NULL;
}

/* Never reached without a converter; present because Qt6Core.dll imports them. */
void ucnv_close(void *converter) { (void)converter; }
void ucnv_reset(void *converter) { (void)converter; }
int8_t ucnv_getMaxCharSize(const void *converter) { (void)converter; return 1; }
const char *ucnv_getName(const void *converter, UErrorCode *error) { (void)converter; (void)error; return NULL; }
void ucnv_getToUCallBack(void) {}
void ucnv_getFromUCallBack(void) {}
void ucnv_setToUCallBack(void) {}
void ucnv_setFromUCallBack(void) {}
void ucnv_cbToUWriteUChars(void) {}
void ucnv_cbFromUWriteUChars(void) {}
void ucnv_toUnicode(void) {}
void ucnv_fromUnicode(void) {}
int32_t ucnv_toUCountPending(const void *converter, UErrorCode *error) { (void)converter; (void)error; return 0; }
int32_t ucnv_fromUCountPending(const void *converter, UErrorCode *error) { (void)converter; (void)error; return 0; }
void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
