#ifndef SB_CNCURSESW_SHIM_H
#define SB_CNCURSESW_SHIM_H
// The wide-character curses API must be switched on before the header is read.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/ncurses.h>
#endif
