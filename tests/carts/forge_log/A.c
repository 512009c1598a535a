// Every way a task's text was found to start a log line of its own, on the
// serial log (for a reader that splits lines the Unicode way) or on the
// screen (the console's UTF-8 decoder): the kernel must print each as text.
// The prints go in groups, each followed by a pause that leaves them on the
// screen's four log rows long enough for a screendump.
#include <genesis.h>

#define PAUSE_TICKS         150

static const char *const serial_forgeries[] = {
    "\xc2\x85" "panic: forged by NEL",
    "\xe2\x80\xa8" "panic: forged by LINE SEPARATOR",
    "\xe2\x80\xa9" "panic: forged by PARAGRAPH SEPARATOR",
    "\xe2\x80\xa8" "mem: kernel pool 1 free pages, task pool 1 free pages",
    "\xc2\x85" "genesis: halt code=0",
    "\xc2\x9b" "2J" "panic: forged by CSI",
    "\x1b" "[2K" "panic: forged by ESC",
    "\x0b" "panic: forged by VT",
    "\x0c" "panic: forged by FF",
    "\x1c" "panic: forged by FS",
    "\x1d" "panic: forged by GS",
    "\x1e" "panic: forged by RS",
    "\r" "panic: forged by CR",
    "\x7f" "panic: forged by DEL",
    "\xed\xa0\x80" "panic: forged by a surrogate",
    "\xf4\x90\x80\x80" "panic: forged past U+10FFFF",
    "\xf8\x88\x80\x80\x80" "panic: forged by a 5-byte form",
    "\x80" "panic: forged by a lone continuation byte",
    "\xe2\x80" "panic: forged by a cut sequence",
    "cut at the end \xe2\x80",
    "G\xc3\xa9nesis \xe2\x9c\x93 \xf0\x9f\x8e\xae stays as it is",
};

// What the screen's decoder turned into line feeds and carriage returns.
static const char *const screen_forgeries[][2] = {
    { "\xc0\x8a" "panic: forged by overlong LF",
      "\xc0\x8d" "task B: forged by overlong CR" },
    { "\xe0\x80\x8a" "panic: forged by 3-byte LF",
      "\xf0\x80\x80\x8a" "panic: forged by 4-byte LF" },
};

static void
pause(void)
{
    for (uint32_t start = ticks(); ticks() - start < PAUSE_TICKS;)
        yield();
}

int
main(void)
{
    for (uint32_t i = 0; i < sizeof serial_forgeries / sizeof serial_forgeries[0]; i++)
        print(serial_forgeries[i]);
    for (uint32_t group = 0; group < 2; group++) {
        print(screen_forgeries[group][0]);
        print(screen_forgeries[group][1]);
        print(group == 0 ? "first screen group printed" : "second screen group printed");
        pause();
    }
    return 0;
}
