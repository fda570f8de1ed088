/*
 * ginet/defs.h — the macros every public header shares: symbol export,
 * C++ linkage and the "infinity" timeout.
 */
#ifndef GINET_DEFS_H
#define GINET_DEFS_H

#include <stddef.h>
#include <stdint.h>

/* GINET_API marks a function as part of the exported ABI.  The library is
 * built with -fvisibility=hidden and a linker version script, so nothing
 * without this mark is visible to users. */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(GINET_BUILDING_LIBRARY)
#    define GINET_API __declspec(dllexport)
#  else
#    define GINET_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define GINET_API __attribute__((visibility("default")))
#else
#  define GINET_API
#endif

#ifdef __cplusplus
#  define GINET_BEGIN_DECLS extern "C" {
#  define GINET_END_DECLS   }
#else
#  define GINET_BEGIN_DECLS
#  define GINET_END_DECLS
#endif

#if defined(__GNUC__)
#  define GINET_WARN_UNUSED __attribute__((warn_unused_result))
#else
#  define GINET_WARN_UNUSED
#endif

/* A timeout in milliseconds that never expires: OTP's `infinity`. */
#define GINET_INFINITY (-1)

#endif /* GINET_DEFS_H */
