// The BOOT.CFG parser.  Pure: text in, struct out, messages through a
// callback; no hardware and no kernel state, so host tests run it as is.
#include <stdint.h>

#include "lib/config.h"
#include "lib/kstring.h"

// Each setter returns 0, or -1 for a value it refuses.
struct key {
    const char *name;
    const char *want;                    // what a good value looks like, for the log
    int (*set)(struct config *c, const char *value);
};

static int parse_number(const char *s, uint32_t *out)
{
    uint32_t value = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        uint32_t digit = *s - '0';
        if (value > (UINT32_MAX - digit) / 10)
            return -1;
        value = value * 10 + digit;
    }
    *out = value;
    return 0;
}

// Returns the index of value in the NULL-terminated words, or -1.
static int parse_word(const char *value, const char *const words[])
{
    for (int i = 0; words[i]; i++)
        if (strcmp(value, words[i]) == 0)
            return i;
    return -1;
}

static int set_cart(struct config *c, const char *value)
{
    size_t len = strlen(value);

    if (len == 0 || len >= sizeof(c->cart))
        return -1;
    memcpy(c->cart, value, len + 1);
    return 0;
}

static int set_fps(struct config *c, const char *value)
{
    uint32_t fps;

    if (parse_number(value, &fps) < 0 || fps < CONFIG_FPS_MIN || fps > CONFIG_FPS_MAX ||
        (fps & (fps - 1)) != 0)
        return -1;
    c->fps = fps;
    c->fps_set = 1;
    return 0;
}

static int set_exit(struct config *c, const char *value)
{
    static const char *const words[] = { [EXIT_NEVER] = "never", [EXIT_IDLE] = "idle", 0 };
    int exit = parse_word(value, words);

    if (exit < 0)
        return -1;
    c->exit = exit;
    return 0;
}

static int set_max_ticks(struct config *c, const char *value)
{
    return parse_number(value, &c->max_ticks);
}

static int set_task_pages(struct config *c, const char *value)
{
    return parse_number(value, &c->task_pages);
}

static int set_xhci_scratchpads(struct config *c, const char *value)
{
    uint32_t n;

    if (parse_number(value, &n) < 0 || n > CONFIG_SCRATCHPADS_MAX)
        return -1;
    c->xhci_scratchpads = n;
    return 0;
}

// "on" or "off" into *out, as 1 or 0.
static int parse_on_off(const char *value, int *out)
{
    static const char *const words[] = { "off", "on", 0 };
    int on = parse_word(value, words);

    if (on < 0)
        return -1;
    *out = on;
    return 0;
}

static int set_trace(struct config *c, const char *value)
{
    return parse_on_off(value, &c->trace);
}

static int set_timeline(struct config *c, const char *value)
{
    return parse_on_off(value, &c->timeline);
}

static int set_xhci_msi(struct config *c, const char *value)
{
    return parse_on_off(value, &c->xhci_msi);
}

static int set_rtc(struct config *c, const char *value)
{
    return parse_on_off(value, &c->rtc);
}

static int set_repeat(struct config *c, const char *value)
{
    return parse_number(value, &c->repeat);
}

static int set_selftest(struct config *c, const char *value)
{
    static const char *const words[] = {
        [SELFTEST_NONE] = "none", [SELFTEST_PAGEFAULT] = "pagefault", [SELFTEST_STACK] = "stack",
        [SELFTEST_HIGHMEM] = "highmem", [SELFTEST_LOGFLOOD] = "logflood",
        [SELFTEST_COMPOSEFULL] = "composefull", [SELFTEST_COMPOSERACE] = "composerace",
        [SELFTEST_USBMSI] = "usbmsi", 0,
    };
    int selftest = parse_word(value, words);

    if (selftest < 0)
        return -1;
    c->selftest = selftest;
    return 0;
}

// SIG or SIG:length: four signature characters (RSDP for the root
// pointer), then what to damage.
static int set_acpi_damage(struct config *c, const char *value)
{
    static const char *const kinds[] = { [ACPI_DAMAGE_CHECKSUM] = "", [ACPI_DAMAGE_LENGTH] = ":length", 0 };
    int kind;

    if (strlen(value) < 4 || (kind = parse_word(value + 4, kinds)) < 0)
        return -1;
    for (int i = 0; i < 4; i++) {
        if (value[i] < '0' || value[i] > 'Z')
            return -1;
        c->acpi_damage[i] = value[i];
    }
    c->acpi_damage[4] = '\0';
    c->acpi_damage_kind = kind;
    return 0;
}

static const struct key keys[] = {
    { "cart",      "a file name in \\CARTS\\, up to 31 characters", set_cart },
    { "fps",       "a power of two from 2 to 1024",                set_fps },
    { "exit",      "never or idle",                                set_exit },
    { "max_ticks", "a number of clock ticks (0: never)",           set_max_ticks },
    { "trace",     "on or off",                                    set_trace },
    { "timeline",  "on or off",                                    set_timeline },
    { "repeat",    "a number of times",                            set_repeat },
    { "selftest",  "none, pagefault, stack, highmem, logflood, composefull, composerace or usbmsi (for tests)", set_selftest },
    { "acpi_damage", "a table signature, then :length or nothing (for tests)", set_acpi_damage },
    { "task_pages", "a number of pages (for tests; 0: all)",              set_task_pages },
    { "rtc",       "on or off (for tests: off acts as a PC whose RTC never interrupts)", set_rtc },
    { "xhci_scratchpads", "a number of buffers up to 512 (for tests)",     set_xhci_scratchpads },
    { "xhci_msi",  "on or off (for tests: off acts as a PC whose xHCI MSIs never arrive)", set_xhci_msi },
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

// Strips the comment and the blanks around s, in place; returns the start.
static char *trim(char *s)
{
    char *end;

    for (end = s; *end && *end != '#'; end++)
        ;
    while (end > s && is_blank(end[-1]))
        end--;
    *end = '\0';
    while (is_blank(*s))
        s++;
    return s;
}

static void apply_line(struct config *c, unsigned number, char *line, config_log_fn *log)
{
    char *text = trim(line);
    char *equals, *key, *value;

    if (!*text)
        return;
    for (equals = text; *equals && *equals != '='; equals++)
        ;
    if (!*equals || equals == text) {
        log("config: %u: \"%s\" is not key=value (ignored)\n", number, text);
        return;
    }
    *equals = '\0';
    key = trim(text);
    value = trim(equals + 1);
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (strcmp(key, keys[i].name) != 0)
            continue;
        if (keys[i].set(c, value) < 0)
            log("config: %u: bad value \"%s\" for %s, want %s (default kept)\n",
                number, value, key, keys[i].want);
        return;
    }
    log("config: %u: unknown key \"%s\" (default kept)\n", number, key);
}

void config_parse(const char *text, struct config *out, config_log_fn *log)
{
    char line[CONFIG_LINE_MAX];
    unsigned number = 0;

    memset(out, 0, sizeof(*out));
    out->fps = CONFIG_FPS_DEFAULT;
    out->rtc = 1;
    out->xhci_msi = 1;
    out->exit = EXIT_NEVER;

    // Windows editors may start the file with a UTF-8 byte-order mark.
    if (text[0] == '\xEF' && text[1] == '\xBB' && text[2] == '\xBF')
        text += 3;
    while (*text) {
        size_t len = 0;
        number++;
        for (; *text && *text != '\n'; text++)
            if (len < sizeof(line))
                line[len++] = *text;
        if (*text)
            text++;
        if (len == sizeof(line)) {
            log("config: %u: line longer than %u characters (ignored)\n",
                number, CONFIG_LINE_MAX - 1);
            continue;
        }
        line[len] = '\0';
        apply_line(out, number, line, log);
    }
}
