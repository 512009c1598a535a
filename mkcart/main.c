// mkcart: builds, inspects and verifies Orga Génesis cartridges.
// Exit status: 0 ok, 1 invalid input (a file), 2 usage (the command line).
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "mkcart.h"

#define EXIT_INVALID 1
#define EXIT_USAGE   2
#define MAX_TASK_FILE (64u << 20)        // an ELF with debug information, not a disk image

static const char usage_text[] =
    "usage: mkcart build -o OUT --title TEXT --task A=FILE [--task B=FILE ...]\n"
    "                    [--frames PNG] [--fps N] [--symbols]\n"
    "       mkcart inspect [--json] FILE\n"
    "       mkcart verify FILE...\n"
    "FILE after --task: a 32-bit i386 ELF executable or a flat binary (loaded at 0x05000000).\n"
    "--symbols: keep the ELF tasks' function names, so kill lines name the function.\n"
    "Exit status: 0 ok, 1 invalid input, 2 usage.\n";

static int
usage(const char *problem)
{
    fprintf(stderr, "mkcart: %s\n%s", problem, usage_text);
    return EXIT_USAGE;
}

// Says on stderr what went wrong with a file, and returns -1.
static int
complain(const char *path, const char *problem)
{
    fprintf(stderr, "mkcart: %s: %s\n", path, problem);
    return -1;
}

// Reads a whole regular file of at most max bytes into a malloc'ed buffer.
static int
read_file(const char *path, uint8_t **data, size_t *size, size_t max, char *err)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    int rc = -1;

    *data = NULL;
    if (!f)
        return errorf(err, "cannot open: %s", strerror(errno));
    if (fstat(fileno(f), &st) != 0)
        errorf(err, "cannot stat: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        errorf(err, "not a regular file");
    else if ((uint64_t)st.st_size > max)
        errorf(err, "%lld bytes, more than the %zu this reads", (long long)st.st_size, max);
    else if (!(*data = malloc(st.st_size ? (size_t)st.st_size : 1)))
        errorf(err, "out of memory");
    else if (fread(*data, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
        errorf(err, "read error");
    else {
        *size = (size_t)st.st_size;
        rc = 0;
    }
    fclose(f);
    if (rc) {
        free(*data);
        *data = NULL;
    }
    return rc;
}

// The cartridge being written: a temporary file in the destination's
// folder, renamed over it once complete, so that a failure never leaves a
// half-written cartridge behind.  A second thread checksums and writes the
// frames while the first decodes the next row of them: for a big sheet that
// work costs half as much again as the decoding, and this way the decoder
// does not wait for it.
struct output {
    char *tmp;                           // the temporary file's name
    int fd;                              // -1 when not open
    uint32_t offset;                     // where the next frames go   } the writer's
    uint32_t crc;                        // CRC-32 of the frames so far } while it runs
    pthread_t writer;
    int writing;                         // the writer thread runs
    pthread_mutex_t lock;                // guards the fields below
    pthread_cond_t changed;
    const uint8_t *pending;              // frames the writer has not finished
    uint32_t pending_size;
    int closing;                         // no more frames will come
    char err[MK_ERR_MAX];                // the writer's error, "" if none
};

static int
output_at(struct output *o, uint32_t offset, const uint8_t *data, uint32_t size, char *err)
{
    for (uint32_t done = 0; done < size;) {
        ssize_t n = pwrite(o->fd, data + done, size - done, (off_t)offset + done);
        if (n < 0 && errno != EINTR)
            return errorf(err, "cannot write %s: %s", o->tmp, strerror(errno));
        if (n > 0)
            done += (uint32_t)n;
    }
    return 0;
}

static void *
writer_main(void *arg)
{
    struct output *o = arg;

    pthread_mutex_lock(&o->lock);
    for (;;) {
        while (!o->pending && !o->closing)
            pthread_cond_wait(&o->changed, &o->lock);
        if (!o->pending)
            break;
        pthread_mutex_unlock(&o->lock);
        char err[MK_ERR_MAX] = "";
        o->crc = (uint32_t)crc32(o->crc, o->pending, o->pending_size);
        output_at(o, o->offset, o->pending, o->pending_size, err);
        o->offset += o->pending_size;
        pthread_mutex_lock(&o->lock);
        if (err[0] && !o->err[0])
            memcpy(o->err, err, sizeof err);
        o->pending = NULL;               // done with it: the decoder may reuse it
        pthread_cond_broadcast(&o->changed);
    }
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

// The frames_sink: waits for the writer to finish the previous frames,
// which the decoder reuses next, then hands it these (if any).
static int
output_frames(void *arg, const uint8_t *frames, uint32_t size, char *err)
{
    struct output *o = arg;
    int rc = 0;

    pthread_mutex_lock(&o->lock);
    while (o->pending)
        pthread_cond_wait(&o->changed, &o->lock);
    if (o->err[0])
        rc = errorf(err, "%s", o->err);
    else if (size) {
        o->pending = frames;
        o->pending_size = size;
        pthread_cond_broadcast(&o->changed);
    }
    pthread_mutex_unlock(&o->lock);
    return rc;
}

// Lets the writer finish and stop; says whether it failed.
static int
output_drain(struct output *o, char *err)
{
    if (!o->writing)
        return 0;
    pthread_mutex_lock(&o->lock);
    o->closing = 1;
    pthread_cond_broadcast(&o->changed);
    pthread_mutex_unlock(&o->lock);
    pthread_join(o->writer, NULL);
    o->writing = 0;
    return o->err[0] ? errorf(err, "%s", o->err) : 0;
}

static int
output_open(struct output *o, const char *path, uint32_t frames_offset, char *err)
{
    size_t len = strlen(path);
    mode_t mask = umask(0);

    umask(mask);
    o->offset = frames_offset;
    if (!(o->tmp = malloc(len + 8)))
        return errorf(err, "out of memory");
    memcpy(o->tmp, path, len);
    memcpy(o->tmp + len, ".XXXXXX", 8);
    if ((o->fd = mkstemp(o->tmp)) < 0) {
        free(o->tmp);
        o->tmp = NULL;                   // nothing of ours to remove
        return errorf(err, "cannot create a temporary file: %s", strerror(errno));
    }
    if (fchmod(o->fd, 0666 & ~mask) != 0)   // mkstemp's 0600 is for secrets
        return errorf(err, "cannot set the mode of %s: %s", o->tmp, strerror(errno));
    if (pthread_create(&o->writer, NULL, writer_main, o) != 0)
        return errorf(err, "cannot start a thread");
    o->writing = 1;
    return 0;
}

// Writes head, the part before the frames, and puts the file in place.
static int
output_commit(struct output *o, const char *path, const uint8_t *head, uint32_t head_size, char *err)
{
    int fd = o->fd;

    if (output_at(o, 0, head, head_size, err))
        return -1;
    o->fd = -1;
    if (close(fd) != 0)
        return errorf(err, "cannot write %s: %s", o->tmp, strerror(errno));
    if (rename(o->tmp, path) != 0)
        return errorf(err, "cannot rename %s: %s", o->tmp, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return 0;
}

// Removes whatever a failed build left.
static void
output_abort(struct output *o)
{
    char ignored[MK_ERR_MAX];

    output_drain(o, ignored);
    if (o->fd >= 0)
        close(o->fd);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
}

// What the build command line names besides the cartridge's contents.
struct build_files {
    const char *out;                     // -o
    const char *frames;                  // --frames, NULL when none
    const char *task[CART_MAX_TASKS];    // --task, in the order of c->task
};

// --task L=FILE: a new letter, and the file its image comes from.
static int
task_option(const char *arg, struct mk_cart *c, struct build_files *files)
{
    if (c->task_count == CART_MAX_TASKS)
        return usage("--task: at most 4 tasks");
    if (arg[0] < 'A' || arg[0] > 'D' || arg[1] != '=' || !arg[2])
        return usage("--task: expected A=FILE, B=FILE, C=FILE or D=FILE");
    for (uint32_t i = 0; i < c->task_count; i++)
        if (c->task[i].letter == arg[0])
            return usage("--task: a letter given twice");
    c->task[c->task_count].letter = arg[0];
    files->task[c->task_count++] = arg + 2;
    return 0;
}

static int
fps_option(const char *arg, struct mk_cart *c)
{
    char *end;

    errno = 0;
    unsigned long fps = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-' || fps < 1 || fps > CART_MAX_FPS)
        return usage("--fps: expected a number from 1 to 1024");
    c->fps = (uint32_t)fps;
    return 0;
}

// The build command line into c (title, fps, task letters) and files.
// 0, or EXIT_USAGE once the problem is on stderr.
static int
build_options(int argc, char **argv, struct mk_cart *c, struct build_files *files)
{
    static const struct option options[] = {
        { "title",  required_argument, NULL, 't' },
        { "task",   required_argument, NULL, 'k' },
        { "frames", required_argument, NULL, 'f' },
        { "fps",    required_argument, NULL, 'r' },
        { "symbols", no_argument,      NULL, 's' },
        { NULL, 0, NULL, 0 },
    };
    int opt, status;

    while ((opt = getopt_long(argc, argv, "+o:", options, NULL)) != -1) {
        switch (opt) {
        case 'o':
            files->out = optarg;
            break;
        case 't':
            c->title = optarg;
            break;
        case 'k':
            if ((status = task_option(optarg, c, files)))
                return status;
            break;
        case 'f':
            files->frames = optarg;
            break;
        case 'r':
            if ((status = fps_option(optarg, c)))
                return status;
            break;
        case 's':
            c->symbols = 1;
            break;
        default:
            return usage("build: unknown option or missing value");
        }
    }
    if (optind != argc)
        return usage("build: unexpected argument");
    if (!files->out || !c->title || !c->task_count)
        return usage("build: -o, --title and at least one --task are required");
    size_t title_len = strlen(c->title);
    if (title_len == 0 || title_len > CART_TITLE_MAX)
        return usage("--title: 1 to 32 characters");
    for (size_t i = 0; i < title_len; i++)
        if (c->title[i] < 0x20 || c->title[i] > 0x7e)
            return usage("--title: printable ASCII only");
    return 0;
}

// Every task's image from its file.  0, or -1 once the problem is on stderr.
static int
load_tasks(struct mk_cart *c, const struct build_files *files)
{
    char err[MK_ERR_MAX];

    for (uint32_t i = 0; i < c->task_count; i++) {
        uint8_t *data;
        size_t size;
        int rc = read_file(files->task[i], &data, &size, MAX_TASK_FILE, err);
        if (rc == 0) {
            rc = load_task(data, size, &c->task[i], err);
            if (rc == 0 && c->symbols)
                rc = load_symbols(data, size, &c->task[i], err);
            free(data);
        }
        if (rc)
            return complain(files->task[i], err);
    }
    return 0;
}

// The frames stream into the file behind the space left for what comes
// before them, which is written last, once their CRC is known.  0, or -1
// once the problem is on stderr; the caller removes what a failure left.
static int
write_cart(struct output *o, struct mk_cart *c, struct mk_sheet *sheet, const struct build_files *files)
{
    char err[MK_ERR_MAX];
    uint8_t *head = NULL;
    int rc = 0;

    if (files->frames)
        c->sheet = sheet;
    if (output_open(o, files->out, frames_offset(c), err))
        return complain(files->out, err);
    if (files->frames && load_sheet(files->frames, sheet, output_frames, o, err)) {
        // The writer is idle now (the sink's last call waited for it).
        return complain(o->err[0] ? files->out : files->frames, err);
    }
    if (output_drain(o, err))
        return complain(files->out, err);
    c->frames_crc = o->crc;
    if (assemble_cart(c, &head, err) || output_commit(o, files->out, head, frames_offset(c), err))
        rc = complain(files->out, err);
    free(head);
    return rc;
}

static int
build(int argc, char **argv)
{
    struct build_files files = {0};
    struct mk_cart cart = {0};
    struct mk_sheet sheet = {0};
    struct output o = { .fd = -1, .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };
    int status;

    if ((status = build_options(argc, argv, &cart, &files)))
        return status;
    status = EXIT_INVALID;
    if (load_tasks(&cart, &files) == 0 && write_cart(&o, &cart, &sheet, &files) == 0)
        status = 0;
    if (status)
        output_abort(&o);
    for (uint32_t i = 0; i < cart.task_count; i++)
        free_task(&cart.task[i]);
    return status;
}

// Reads and checks a cartridge; on failure says why on stderr.
static int
load_cart(const char *path, uint8_t **data, struct cart_info *info)
{
    struct cart_error cerr;
    char err[MK_ERR_MAX];
    size_t size;

    if (read_file(path, data, &size, CART_MAX_FILE_SIZE, err))
        return complain(path, err);
    if (cart_parse(*data, (uint32_t)size, info, &cerr)) {
        free(*data);
        *data = NULL;
        return complain(path, cerr.message);
    }
    return 0;
}

static void
json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void
print_json(const char *path, const struct cart_info *c)
{
    printf("{\"file\": ");
    json_string(path);
    printf(", \"title\": ");
    json_string(c->title);
    printf(", \"version\": %u, \"file_size\": %u, \"header_crc\": %u, \"payload_crc\": %u, "
           "\"flags\": %u, \"fps\": %u, \"tasks\": [",
           c->version, c->file_size, c->header_crc, c->payload_crc, c->flags, c->fps);
    for (uint32_t i = 0; i < c->task_count; i++) {
        const struct cart_task *t = &c->task[i];
        printf("%s{\"letter\": \"%c\", \"file_offset\": %u, \"file_size\": %u, \"vaddr\": %u, "
               "\"mem_size\": %u, \"ro_size\": %u, \"entry\": %u}",
               i ? ", " : "", t->letter, t->file_offset, t->file_size, t->vaddr,
               t->mem_size, t->ro_size, t->entry);
    }
    printf("], \"frames\": %u, \"frames_offset\": %u, \"palette\": %u, \"palette_offset\": %u, "
           "\"symbols\": %u, \"symbols_offset\": %u}\n",
           c->frame_count, c->frames_offset, c->palette_count, c->palette_offset,
           c->symbol_count, c->symbols_offset);
}

static void
print_table(const char *path, const struct cart_info *c)
{
    printf("file: %s\n", path);
    printf("title: %s\n", c->title);
    printf("version: %u\n", c->version);
    printf("file_size: %u\n", c->file_size);
    printf("header_crc: 0x%08x\n", c->header_crc);
    printf("payload_crc: 0x%08x\n", c->payload_crc);
    printf("flags: 0x%08x\n", c->flags);
    printf("fps: %u\n", c->fps);
    printf("tasks: %u\n", c->task_count);
    for (uint32_t i = 0; i < c->task_count; i++) {
        const struct cart_task *t = &c->task[i];
        printf("task %c: file_offset=0x%08x file_size=%u vaddr=0x%08x mem_size=%u "
               "ro_size=0x%08x entry=0x%08x\n",
               t->letter, t->file_offset, t->file_size, t->vaddr, t->mem_size, t->ro_size, t->entry);
    }
    printf("frames: %u\n", c->frame_count);
    printf("frames_offset: 0x%08x\n", c->frames_offset);
    printf("palette: %u\n", c->palette_count);
    printf("palette_offset: 0x%08x\n", c->palette_offset);
    printf("symbols: %u\n", c->symbol_count);
    printf("symbols_offset: 0x%08x\n", c->symbols_offset);
}

static int
inspect(int argc, char **argv)
{
    int json = argc == 3 && strcmp(argv[1], "--json") == 0;
    struct cart_info info;
    uint8_t *data;

    if (argc != 2 + json || argv[argc - 1][0] == '-')
        return usage("inspect: expected [--json] FILE");
    if (load_cart(argv[argc - 1], &data, &info))
        return EXIT_INVALID;
    if (json)
        print_json(argv[argc - 1], &info);
    else
        print_table(argv[argc - 1], &info);
    free(data);
    return 0;
}

static int
verify(int argc, char **argv)
{
    int status = 0;

    if (argc < 2)
        return usage("verify: expected FILE...");
    for (int i = 1; i < argc; i++) {
        struct cart_info info;
        uint8_t *data;
        if (load_cart(argv[i], &data, &info)) {
            status = EXIT_INVALID;
            continue;
        }
        printf("%s: ok\n", argv[i]);
        free(data);
    }
    return status;
}

int
main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "build") == 0)
        return build(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "inspect") == 0)
        return inspect(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        return verify(argc - 1, argv + 1);
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_text, stdout);
        return 0;
    }
    return usage(argc < 2 ? "no command" : "unknown command");
}
