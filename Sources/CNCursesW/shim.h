#ifndef SB_CNCURSESW_SHIM_H
#define SB_CNCURSESW_SHIM_H
// The wide-character curses API must be switched on before the header is read.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Swift cannot import function-like macros, and `stdscr`, `LINES`, `COLS` are shared mutable globals that Swift 6
// refuses to read. These wrappers are the only way SwitchboardTUI's curses driver reaches them.

// glibc's module map hides wcwidth from Swift; declare it here (it is in libc).
extern int wcwidth(wchar_t c);

static inline int sb_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

// Nor does it show malloc.h: the workbench hands memory it has freed back to the system after a burst.
extern int malloc_trim(size_t pad);

static inline void sb_release_freed_memory(void) { (void)malloc_trim(0); }

static inline WINDOW *sb_stdscr(void) { return stdscr; }
static inline WINDOW *sb_curscr(void) { return curscr; }
static inline int sb_lines(void) { return LINES; }
static inline int sb_cols(void) { return COLS; }
static inline int sb_colors(void) { return COLORS; }
static inline int sb_color_pairs(void) { return COLOR_PAIRS; }
static inline void sb_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y = 0, x = 0;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
}

static inline int sb_color_pair(int pair) { return (int)COLOR_PAIR(pair); }
static inline attr_t sb_a_normal(void) { return A_NORMAL; }
static inline attr_t sb_a_bold(void) { return A_BOLD; }
static inline attr_t sb_a_dim(void) { return A_DIM; }
static inline attr_t sb_a_italic(void) { return A_ITALIC; }
static inline attr_t sb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sb_a_reverse(void) { return A_REVERSE; }

static inline int sb_key_f(int n) { return KEY_F(n); }
static inline int sb_key_max(void) { return KEY_MAX; }
static inline mmask_t sb_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t sb_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t sb_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t sb_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t sb_button1_released(void) { return BUTTON1_RELEASED; }

/// One cell's worth of wide characters into a cchar_t: a base character plus up to four combining ones.
static inline int sb_setcchar(cchar_t *cell, const wchar_t *text, attr_t attributes, int pair) {
    return setcchar(cell, text, attributes, (short)(pair < 0x7fff ? pair : 0), &pair);
}

#endif
