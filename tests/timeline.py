"""The kernel's timeline (docs/trace.md), read from a serial log and turned
into a Chrome trace-event JSON file for the Perfetto UI, or a picture.

The log carries it as the kernel wrote it at the end of a timeline=on run
(kernel/lib/timeline.h):

    timeline: begin version=1 events=<n> lost=<n> tsc=<n> ref=<n> ref_hz=<n>
    timeline: task <slot> <name>
    timeline: data <32 hex digits an event, up to 8 events a line>
    timeline: end events=<n>

The log comes from outside (a PC on a serial cable, a cut-short run):
every line of the block is checked, every count bounded, and anything
that is not what the kernel writes is a TimelineError naming the line.
Event kinds, vectors and service numbers are read from the kernel's
headers, so they have one definition.
"""

import json
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _defines(path):
    """The numeric #defines of a header of the repository: name -> value."""
    text = (ROOT / path).read_text()
    return {m.group(1): int(m.group(2), 0) for m in
            re.finditer(r"^#define[ \t]+(\w+)[ \t]+(0x[0-9A-Fa-f]+|\d+)u?\b", text, re.M)}


def _enum(path, name):
    """The names of a C enum whose members take their default values, in order."""
    text = (ROOT / path).read_text()
    body = re.search(r"enum " + name + r" \{(.*?)\};", text, re.S).group(1)
    return re.findall(r"^\s*(\w+),", body, re.M)


_TL = _defines("kernel/lib/timeline.h")
_IDT = _defines("kernel/arch/idt.h")
_SYS = _defines("kernel/task/syscall.h")
_CLOCK_HZ = _defines("kernel/dev/clock.h")["CLOCK_HZ"]

VERSION = _TL["TIMELINE_VERSION"]
KINDS = {value: name[3:].lower() for name, value in _TL.items() if name.startswith("TL_")}
KIND = {name: value for value, name in KINDS.items()}
EVENT = struct.Struct("<QBBHI")          # struct timeline_event
LINE_EVENTS = _TL["TIMELINE_LINE_EVENTS"]
# The kernel's ring holds this many; a log that claims more is not its.
MAX_EVENTS = _TL["TIMELINE_PAGES"] * _TL["TIMELINE_PAGE_EVENTS"]
MAX_TASKS = 256                          # a slot is a byte
T_CLOCK = _IDT["T_CLOCK"]
VECTORS = {_IDT["T_CLOCK"]: "clock", _IDT["T_KBD"]: "keyboard", _IDT["T_COM1"]: "COM1",
           _IDT["T_RTC"]: "reader", _IDT["T_XHCI"]: "USB"}
SERVICES = {value: name[4:].lower() for name, value in _SYS.items()
            if name.startswith("SYS_") and name != "SYS_PRINT_MAX"}
ENDINGS = [name[4:].lower() for name in _enum("kernel/task/task.h", "task_end_cause")]

PREFIX = "timeline: "
BEGIN = re.compile(r"timeline: begin version=(\d{1,9}) events=(\d{1,9}) lost=(\d{1,10}) "
                   r"tsc=(\d{1,10}) ref=(\d{1,10}) ref_hz=(\d{1,10})$")
TASK = re.compile(r"timeline: task (\d{1,3}) ([!-~]{1,7})$")
DATA = re.compile(r"timeline: data ([0-9a-f]+)$")
END = re.compile(r"timeline: end events=(\d{1,9})$")


class TimelineError(ValueError):
    """The log holds no timeline, or one that is damaged."""


class Event:
    """One event: time in TSC counts, kind (a KINDS name), task slot, arg, value."""
    __slots__ = ("time", "kind", "task", "arg", "value")

    def __init__(self, time, kind, task, arg, value):
        self.time, self.kind, self.task, self.arg, self.value = time, kind, task, arg, value

    def __repr__(self):
        return f"Event({self.time}, {self.kind}, {self.task}, {self.arg}, {self.value})"


class Timeline:
    """A decoded timeline: events oldest first, task names by slot, the
    TSC's rate, and how many events the ring lost before the oldest."""

    def __init__(self, events, names, tsc_hz, lost):
        self.events, self.names, self.tsc_hz, self.lost = events, names, tsc_hz, lost
        self.start = min((e.time for e in events), default=0)
        self.end = max((e.time + (e.value if e.kind in ("service", "frame") else 0)
                        for e in events), default=0)

    def us(self, tsc):
        """Microseconds of guest time from the first event to tsc, to the nanosecond."""
        return round((tsc - self.start) * 1_000_000 / self.tsc_hz, 3)

    def name(self, task):
        return self.names.get(task, f"slot {task}")

    def of(self, kind):
        return [e for e in self.events if e.kind == kind]


def parse(lines):
    """The last timeline block of a log's lines; TimelineError if there is
    none or it is damaged."""
    lines = list(lines)
    starts = [i for i, line in enumerate(lines) if line.startswith(PREFIX + "begin")]
    if not starts:
        raise TimelineError("no timeline in the log: was the run booted with timeline=on, "
                            "and did it end (max_ticks=, exit=idle)?")
    first = starts[-1]
    m = BEGIN.match(lines[first])
    if not m:
        raise TimelineError(f"line {first + 1}: not a timeline begin line: {lines[first][:80]!r}")
    version, count, lost, tsc, ref, ref_hz = map(int, m.groups())
    if version != VERSION:
        raise TimelineError(f"line {first + 1}: timeline version {version}, this tool reads {VERSION}")
    if count > MAX_EVENTS:
        raise TimelineError(f"line {first + 1}: {count} events, more than the kernel's ring "
                            f"holds ({MAX_EVENTS})")
    names, raw = {}, bytearray()
    for i in range(first + 1, len(lines)):
        line, where = lines[i], f"line {i + 1}"
        if m := DATA.match(line):
            digits = m.group(1)
            if len(digits) % (2 * EVENT.size) or len(digits) > 2 * EVENT.size * LINE_EVENTS:
                raise TimelineError(f"{where}: {len(digits)} hex digits, not 1 to {LINE_EVENTS} "
                                    f"events of {2 * EVENT.size}")
            raw += bytes.fromhex(digits)
            if len(raw) > count * EVENT.size:
                raise TimelineError(f"{where}: more events than the begin line's {count}")
        elif m := TASK.match(line):
            slot = int(m.group(1))
            if slot >= MAX_TASKS:
                raise TimelineError(f"{where}: task slot {slot} out of range")
            names[slot] = m.group(2)
        elif m := END.match(line):
            if int(m.group(1)) != count or len(raw) != count * EVENT.size:
                raise TimelineError(f"{where}: the end line says {m.group(1)} events, the begin "
                                    f"line {count}, the data lines hold {len(raw) // EVENT.size}")
            events = [_event(raw, n, where) for n in range(count)]
            return Timeline(events, names, _tsc_hz(tsc, ref, ref_hz, events), lost)
        else:
            raise TimelineError(f"{where}: not a timeline line: {line[:80]!r}")
    raise TimelineError(f"the timeline that begins at line {first + 1} has no end line "
                        f"(the log was cut short?)")


def _event(raw, n, where):
    time, kind, task, arg, value = EVENT.unpack_from(raw, n * EVENT.size)
    if kind not in KINDS:
        raise TimelineError(f"event {n} (before {where}): unknown kind {kind}")
    return Event(time, KINDS[kind], task, arg, value)


def _tsc_hz(tsc, ref, ref_hz, events):
    """The TSC's rate as the kernel measured it against its reference, or
    else from the clock ticks' events at CLOCK_HZ."""
    if tsc and ref and ref_hz:
        return tsc * ref_hz / ref
    ticks = [e for e in events if e.kind == "interrupt" and e.arg == T_CLOCK]
    if len(ticks) >= 2 and ticks[-1].value > ticks[0].value and ticks[-1].time > ticks[0].time:
        return (ticks[-1].time - ticks[0].time) * _CLOCK_HZ / (ticks[-1].value - ticks[0].value)
    raise TimelineError("no rate for the TSC: the kernel had no reference timer, and fewer "
                        "than two clock ticks were recorded")


# ---- Chrome trace-event JSON --------------------------------------------------------
# Perfetto shows a process as a group of tracks: the kernel's (interrupts,
# counters), then one per task with a track for when it runs and one for its
# services (the display's: its frames).

KERNEL_PID = 1
RUN_TID, WORK_TID = 1, 2


def _pid(task):
    return 100 + task


def vector_name(vector):
    if vector < _IDT["T_EXCEPTIONS"]:
        return f"fault vector {vector}"
    return f"vector {vector}" + (f" ({VECTORS[vector]})" if vector in VECTORS else "")


def service_name(vector):
    return SERVICES.get(vector, f"service {vector}")


def chrome_trace(t):
    """The timeline as a Chrome trace-event object (json.dump it)."""
    out = [_meta(KERNEL_PID, None, "process_name", "kernel"),
           _meta(KERNEL_PID, None, "process_sort_index", 0, "sort_index"),
           _meta(KERNEL_PID, RUN_TID, "thread_name", "interrupts")]
    tasks = sorted({e.task for e in t.events} | {e.arg for e in t.of("switch")})
    for task in tasks:
        out += [_meta(_pid(task), None, "process_name", f"task {t.name(task)}"),
                _meta(_pid(task), None, "process_sort_index", task + 1, "sort_index"),
                _meta(_pid(task), RUN_TID, "thread_name", "running"),
                _meta(_pid(task), WORK_TID, "thread_name",
                      "frames" if t.of("frame") and task == t.of("frame")[0].task else "services")]
    out += _running(t)
    frames = 0
    for e in t.events:
        ts = t.us(e.time)
        pid = _pid(e.task)
        if e.kind == "interrupt":
            out.append({"name": vector_name(e.arg), "ph": "i", "s": "t", "ts": ts,
                        "pid": KERNEL_PID, "tid": RUN_TID,
                        "args": {"vector": e.arg, "task": t.name(e.task), "ticks": e.value}})
        elif e.kind == "service":
            out.append({"name": service_name(e.arg), "ph": "X", "ts": ts,
                        "dur": t.us(e.time + e.value) - ts, "pid": pid, "tid": WORK_TID,
                        "args": {"vector": e.arg}})
        elif e.kind == "frame":
            frames += 1
            out.append({"name": "frame", "ph": "X", "ts": ts, "dur": t.us(e.time + e.value) - ts,
                        "pid": pid, "tid": WORK_TID, "args": {"frame": frames}})
            out.append({"name": "frames", "ph": "C", "ts": ts, "pid": KERNEL_PID,
                        "args": {"frames": frames}})
        elif e.kind == "pages":
            out.append({"name": "free pages", "ph": "C", "ts": ts, "pid": KERNEL_PID,
                        "args": {"kernel pool": e.arg, "task pool": e.value}})
        elif e.kind == "fault":
            out.append({"name": vector_name(e.arg), "ph": "i", "s": "t", "ts": ts, "pid": pid,
                        "tid": RUN_TID, "args": {"vector": e.arg, "eip": f"0x{e.value:08x}"}})
        elif e.kind == "start":
            out.append({"name": "started", "ph": "i", "s": "t", "ts": ts, "pid": pid,
                        "tid": RUN_TID, "args": {"eip": f"0x{e.value:08x}"}})
        elif e.kind == "end":
            how = ENDINGS[e.arg] if e.arg < len(ENDINGS) else f"cause {e.arg}"
            out.append({"name": how, "ph": "i", "s": "t", "ts": ts, "pid": pid, "tid": RUN_TID,
                        "args": {"cause": e.arg}})
    out.sort(key=lambda ev: (ev.get("ts", -1), ev["pid"]))
    return {"traceEvents": out, "displayTimeUnit": "ms",
            "otherData": {"source": "Orga Génesis kernel timeline", "version": VERSION,
                          "tsc_hz": round(t.tsc_hz), "lost_events": t.lost,
                          "names": {str(k): v for k, v in sorted(t.names.items())}}}


def _meta(pid, tid, name, value, key="name"):
    event = {"name": name, "ph": "M", "pid": pid, "args": {key: value}}
    if tid is not None:
        event["tid"] = tid
    return event


def run_slices(t):
    """(task, start, end, the task it took over from or None) for each
    stretch a task held the CPU, in TSC counts.  Before the first switch
    the task that it leaves ran since the first event."""
    switches = t.of("switch")
    if not switches:
        return []
    out = []
    task, since, came_from = switches[0].task, t.start, None
    for s in switches:
        out.append((task, since, s.time, came_from))
        task, since, came_from = s.arg, s.time, s.task
    out.append((task, since, max(t.end, since), came_from))
    return out


def _running(t):
    out = []
    for task, start, end, came_from in run_slices(t):
        event = {"name": "running", "ph": "X", "ts": t.us(start), "dur": t.us(end) - t.us(start),
                 "pid": _pid(task), "tid": RUN_TID, "args": {}}
        if came_from is not None:
            event["args"]["from"] = t.name(came_from)
        out.append(event)
    return out


def write_json(t, path):
    with open(path, "w") as f:
        json.dump(chrome_trace(t), f, separators=(",", ":"), ensure_ascii=False)


# ---- a picture ------------------------------------------------------------------------

def write_png(t, path, start_ms, length_ms, title=None):
    """A picture of the window [start_ms, start_ms + length_ms) of the
    timeline: a row for the interrupts, a row per task with when it ran
    and its services (the display's frames)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lo, hi = start_ms * 1000, (start_ms + length_ms) * 1000
    slices = run_slices(t)
    tasks = sorted({s[0] for s in slices} | {e.task for e in t.events
                                              if e.kind in ("service", "frame")})
    rows = {task: i for i, task in enumerate(reversed(tasks))}
    irq_row = len(tasks)
    fig, ax = plt.subplots(figsize=(10, 0.55 * (len(tasks) + 1) + 1.2), dpi=100)

    def clip(a, b):
        a, b = max(a, lo), min(b, hi)
        return (a / 1000, (b - a) / 1000) if b > a else None

    for task, start, end, _ in slices:
        if (span := clip(t.us(start), t.us(end))):
            ax.broken_barh([span], (rows[task] - 0.35, 0.7), color="#4a78c2")
    for e in t.events:
        if e.kind in ("service", "frame") and e.task in rows:
            span = clip(t.us(e.time), t.us(e.time + e.value))
            if span:
                ax.broken_barh([span], (rows[e.task] - 0.15, 0.3),
                               color="#e8a33d" if e.kind == "service" else "#5bb36a")
    colours = {T_CLOCK: "#444444"}
    for e in t.of("interrupt"):
        if lo <= t.us(e.time) < hi:
            ax.vlines(t.us(e.time) / 1000, irq_row - 0.35, irq_row + 0.35,
                      color=colours.get(e.arg, "#c23b3b"), linewidth=1)
    for e in t.of("fault"):
        if lo <= t.us(e.time) < hi and e.task in rows:
            ax.plot(t.us(e.time) / 1000, rows[e.task], "x", color="#c23b3b", markersize=9)
    ax.set_yticks(list(rows.values()) + [irq_row])
    ax.set_yticklabels([f"task {t.name(task)}" for task in rows] + ["interrupts"])
    ax.set_xlim(start_ms, start_ms + length_ms)
    ax.set_ylim(-0.7, irq_row + 0.7)
    ax.set_xlabel("guest time (ms)")
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in ("#4a78c2", "#e8a33d", "#5bb36a")]
    handles.append(plt.Line2D([], [], color="#444444"))
    handles.append(plt.Line2D([], [], color="#c23b3b"))
    ax.legend(handles, ["running", "service", "frame composed", "clock tick", "other interrupt"],
              loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=5, frameon=False, fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv):
    """timeline.py LOG JSON: the last timeline of a serial log as a Chrome trace."""
    if len(argv) != 3:
        sys.exit("usage: timeline.py SERIAL_LOG OUT.json")
    with open(argv[1], "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    try:
        t = parse(line.rstrip("\r") for line in text.split("\n"))
    except TimelineError as e:
        sys.exit(f"timeline: {argv[1]}: {e}")
    write_json(t, argv[2])
    print(f"timeline: {len(t.events)} events, {t.us(t.end) / 1000:.1f} ms -> {argv[2]}")


if __name__ == "__main__":
    main(sys.argv)
