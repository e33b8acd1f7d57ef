/* ProcessPrng for Wine older than 9 (Debian 12 has 8.0), which has no
 * bcryptprimitives.dll: Go 1.24 and later read their randomness from it
 * at start. Built by build/office.sh test into the throw-away Wine
 * prefix's system32 only; never shipped. It draws from BCryptGenRandom,
 * which Wine 8 has. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
