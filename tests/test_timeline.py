"""The kernel's timeline (timeline=on, docs/trace.md) and the host tool that
reads it (tests/timeline.py): the tool on made-up and damaged logs, then
boots whose timeline must say what their serial log says, event for line,
and give the same timeline twice."""
import collections
import json
import re
import struct

import pytest

import timeline
import trace_run
from genesis import EXITED, KILLED, defines
from timeline import KIND, TimelineError, chrome_trace, parse

SEG = defines("kernel/arch/segment.h")
IDLE, TASK_A, DISPLAY = SEG["GDT_TSS_IDLE"], SEG["GDT_TSS_TASK"], SEG["GDT_TSS_DISPLAY"]


# ---- the tool, on logs made here ---------------------------------------------------

def block(events, names=None, lost=0, rate=(10_000_000, 35795, 3_579_545), per_line=8):
    """The lines the kernel would write for events (time, kind name, task, arg, value)."""
    names = {IDLE: "idle", TASK_A: "A", DISPLAY: "display"} if names is None else names
    raw = [struct.pack("<QBBHI", time, KIND[kind], task, arg, value).hex()
           for time, kind, task, arg, value in events]
    lines = [f"timeline: begin version=1 events={len(events)} lost={lost} tsc={rate[0]} "
             f"ref={rate[1]} ref_hz={rate[2]}"]
    lines += [f"timeline: task {slot} {name}" for slot, name in names.items()]
    lines += ["timeline: data " + "".join(raw[i:i + per_line]) for i in range(0, len(raw), per_line)]
    lines.append(f"timeline: end events={len(events)}")
    return lines


SAMPLE = [  # idle runs, a tick hands the CPU to A, A prints, a frame, A is killed
    (1_000_000, "interrupt", IDLE, 32, 7),
    (1_001_000, "switch", IDLE, TASK_A, 7),
    (1_003_000, "service", TASK_A, 92, 2_000),
    (1_010_000, "interrupt", TASK_A, 40, 7),
    (1_020_000, "interrupt", TASK_A, 32, 8),
    (1_021_000, "switch", TASK_A, DISPLAY, 8),
    (1_022_000, "frame", DISPLAY, 0, 5_000),
    (1_027_500, "pages", DISPLAY, 700, 62000),
    (1_028_000, "switch", DISPLAY, TASK_A, 8),
    (1_029_000, "fault", TASK_A, 14, 0x050001A2),
    (1_029_500, "end", TASK_A, 2, 0),
    (1_030_000, "switch", TASK_A, IDLE, 8),
]


def test_tool_reads_events_names_and_rate():
    t = parse(["genesis: kernel ready", *block(SAMPLE), "genesis: halt code=0"])
    assert [(e.time, e.kind, e.task, e.arg, e.value) for e in t.events] == SAMPLE
    assert t.names == {IDLE: "idle", TASK_A: "A", DISPLAY: "display"}
    assert t.tsc_hz == pytest.approx(10_000_000 * 3_579_545 / 35795)
    assert t.us(1_001_000) == round(1000 * 1e6 / t.tsc_hz, 3) == 1.0
    assert t.lost == 0


def test_tool_reads_the_last_of_two_timelines():
    second = [(5, "interrupt", IDLE, 32, 1)]
    t = parse([*block(SAMPLE), "genesis: halt code=0", *block(second)])
    assert len(t.events) == 1


def test_chrome_trace_has_a_track_per_task_interrupts_and_counters():
    t = parse(block(SAMPLE, rate=(1, 1, 1_000_000)))   # a count a microsecond
    trace_json = json.loads(json.dumps(chrome_trace(t)))
    events = trace_json["traceEvents"]
    meta = {(e["pid"], e.get("tid"), e["name"]): e["args"] for e in events if e["ph"] == "M"}
    assert meta[(100 + TASK_A, None, "process_name")] == {"name": "task A"}
    assert meta[(100 + TASK_A, 1, "thread_name")] == {"name": "running"}
    assert meta[(100 + TASK_A, 2, "thread_name")] == {"name": "services"}
    assert meta[(100 + DISPLAY, 2, "thread_name")] == {"name": "frames"}
    assert meta[(1, 1, "thread_name")] == {"name": "interrupts"}

    running = [(e["pid"] - 100, e["ts"], e["dur"], e["args"].get("from"))
               for e in events if e["name"] == "running"]
    assert running == [(IDLE, 0, 1000, None), (TASK_A, 1000, 20000, "idle"),
                       (DISPLAY, 21000, 7000, "A"), (TASK_A, 28000, 2000, "display"),
                       (IDLE, 30000, 0, "A")]
    service = next(e for e in events if e["ph"] == "X" and e["tid"] == 2 and e["name"] == "print")
    assert (service["pid"], service["ts"], service["dur"]) == (100 + TASK_A, 3000, 2000)
    frame = next(e for e in events if e["name"] == "frame")
    assert (frame["pid"], frame["ts"], frame["dur"]) == (100 + DISPLAY, 22000, 5000)
    irqs = [(e["ts"], e["args"]["vector"]) for e in events if e["ph"] == "i" and e["pid"] == 1]
    assert irqs == [(0, 32), (10000, 40), (20000, 32)]
    counters = {e["name"]: e["args"] for e in events if e["ph"] == "C"}
    assert counters == {"frames": {"frames": 1},
                        "free pages": {"kernel pool": 700, "task pool": 62000}}
    fault = next(e for e in events if e["name"] == "fault vector 14")
    assert fault["args"]["eip"] == "0x050001a2" and fault["pid"] == 100 + TASK_A
    assert any(e["name"] == "killed" and e["pid"] == 100 + TASK_A for e in events)
    assert [e["ts"] for e in events if "ts" in e] == sorted(e["ts"] for e in events if "ts" in e)


def test_tool_times_the_tsc_by_the_ticks_without_a_reference():
    events = [(0, "interrupt", IDLE, 32, 10), (5_000_000, "interrupt", IDLE, 32, 15)]
    t = parse(block(events, rate=(0, 0, 0)))
    assert t.tsc_hz == pytest.approx(100_000_000)


def test_unknown_task_slots_get_a_name():
    t = parse(block([(0, "switch", 3, 4, 0)], names={}))
    assert t.name(3) == "slot 3"
    assert json.dumps(chrome_trace(t))


DAMAGED = [  # what goes wrong, the lines, what the error says
    ("no timeline", ["genesis: kernel ready", "genesis: halt code=0"], "no timeline in the log"),
    ("begin garbled", ["timeline: begin version=1 events=x"], "not a timeline begin line"),
    ("another version", [l.replace("version=1", "version=2") for l in block(SAMPLE)],
     "timeline version 2, this tool reads 1"),
    ("too many events", [block(SAMPLE)[0].replace("events=12", "events=999999999"),
                         *block(SAMPLE)[1:]], "more than the kernel's ring holds"),
    ("data cut mid-event", [*block(SAMPLE)[:4], block(SAMPLE)[4][:-6], *block(SAMPLE)[5:]],
     "hex digits, not 1 to 8 events"),
    ("data line too long", [*block(SAMPLE, per_line=12)], "hex digits, not 1 to 8 events"),
    ("upper-case hex", [*block(SAMPLE)[:4], block(SAMPLE)[4].upper().replace("TIMELINE: DATA", "timeline: data"),
                        *block(SAMPLE)[5:]], "not a timeline line"),
    ("more data than events", [block(SAMPLE)[0].replace("events=12", "events=8"), *block(SAMPLE)[1:]],
     "more events than the begin line's 8"),
    ("end count wrong", [*block(SAMPLE)[:-1], "timeline: end events=11"], "the end line says 11"),
    ("no end", block(SAMPLE)[:-1], "has no end line"),
    ("a foreign line inside", [*block(SAMPLE)[:5], "task A: hello", *block(SAMPLE)[5:]],
     "not a timeline line: 'task A: hello'"),
    ("slot out of range", [block(SAMPLE)[0], "timeline: task 300 x", *block(SAMPLE)[1:]],
     "task slot 300 out of range"),
    ("unknown kind", block([(0, "switch", IDLE, TASK_A, 0)])[:-2]
     + ["timeline: data " + struct.pack("<QBBHI", 0, 77, 1, 2, 3).hex(), "timeline: end events=1"],
     "unknown kind 77"),
    ("no rate at all", block([(0, "switch", IDLE, TASK_A, 0)], rate=(0, 0, 0)), "no rate for the TSC"),
]


@pytest.mark.parametrize("what,lines,message", DAMAGED, ids=[d[0] for d in DAMAGED])
def test_tool_refuses_a_damaged_timeline_and_says_why(what, lines, message):
    with pytest.raises(TimelineError, match=re.escape(message)):
        parse(lines)


def test_tool_reads_a_huge_hostile_line_in_bounded_time():
    # A megabyte of hex on one line is refused by its length, not decoded.
    lines = [*block(SAMPLE)[:4], "timeline: data " + "0" * 1_000_000, *block(SAMPLE)[4:]]
    with pytest.raises(TimelineError, match="hex digits"):
        parse(lines)


# ---- boots ------------------------------------------------------------------------------
# trace_run.record boots as `make trace` does: the cartridge alone, guest time
# from the instruction count with no sleeping.

TRACE_LINE = re.compile(r"trace: tick=(\d+) (?:switch (\S+) -> (\S+)|task (\S) service (\d+)|"
                        r"reader interrupt)$")


def test_timeline_says_what_the_trace_lines_and_counts_of_the_same_run_say():
    # trace=on logs a line for each switch, service and reader interrupt as
    # it happens; the timeline of the same run must hold the same ones.
    ticks = 40
    run, t = trace_run.record("hello4", ticks, name="timeline-hello4", config="trace=on\n")
    run.expect(rf"genesis: max_ticks reached, ticks={ticks}$")
    run.expect_none(r"log: \d+ lines dropped")
    assert t.lost == 0
    lines = [m for m in map(TRACE_LINE.match, run.lines) if m]

    # Every switch, in order, by name.
    assert [(t.name(e.task), t.name(e.arg)) for e in t.of("switch")] == \
        [(m.group(2), m.group(3)) for m in lines if m.group(2)], run.describe()
    # Every service but exit, which never returns (its task's end stands for it).
    logged = collections.Counter((m.group(4), int(m.group(5))) for m in lines if m.group(4))
    exits = collections.Counter({key: n for key, n in logged.items() if key[1] == 93})
    assert collections.Counter((t.name(e.task), e.arg) for e in t.of("service")) == logged - exits
    assert sorted(task for task, _ in exits) == ["A", "B", "C", "D"]
    # Interrupts: each clock tick but the last, which ends the run before
    # the scheduler sees it; each reader interrupt the kernel counted.
    clock = [e.value for e in t.of("interrupt") if e.arg == 32]
    assert clock == list(range(clock[0], ticks)), clock
    # (The clock's measurement at boot, before the timeline starts, takes
    # reader interrupts that neither count.)
    counted = run.expect(r"genesis: (\d+) clock ticks, (\d+) reader interrupts$")
    recording = next(i for i, line in enumerate(run.lines) if line.startswith("timeline: recording"))
    logged_reader = [line for line in run.lines[recording:] if line.endswith(" reader interrupt")]
    reader = [e for e in t.of("interrupt") if e.arg == 40]
    assert len(reader) == int(counted.group(2)) == len(logged_reader)
    # Each task's start (its entry point) and end, as the log says them.
    started = {m.group(1): int(m.group(2), 16) for m in run.all(r"task (\S): started eip=0x([0-9a-f]{8})$")}
    assert {t.name(e.task): e.value for e in t.of("start")} == started
    assert {t.name(e.task): timeline.ENDINGS[e.arg] for e in t.of("end")} == \
        {m.group(1): "exited" for m in run.all(rf"task (\S): {EXITED}")}
    # The free pages at the last frame are those the halt reports.
    pages = run.all(r"mem: kernel pool (\d+) free pages, task pool (\d+) free pages$")[-1]
    last = t.of("pages")[-1]
    assert (last.arg, last.value) == (int(pages.group(1)), int(pages.group(2)))
    frames = run.expect(r"display: frames=(\d+) ")
    assert len(t.of("frame")) == int(frames.group(1))

    # The JSON file: the same switches as slices, the services on the tasks' tracks.
    events = chrome_trace(t)["traceEvents"]
    assert sum(1 for e in events if e["name"] == "running" and "from" in e["args"]) == len(t.of("switch"))
    for task in "ABCD":
        assert any(e["ph"] == "X" and e["name"] == "print" and e["pid"] == 100 + TASK_A + "ABCD".index(task)
                   for e in events), task
    assert sum(1 for e in events if e["ph"] == "i" and e["pid"] == 1 and e["args"]["vector"] == 32) == len(clock)


def test_timeline_shows_each_fault_and_kill_as_the_kill_lines_say():
    run, t = trace_run.record("crashloop", 30, name="timeline-crashloop")
    kills = {m.group(1): (int(m.group(2)), int(m.group(3), 16)) for m in
             run.all(r"task (\S): killed .+ vector=(\d+) err=0x[0-9a-f]{8} eip=0x([0-9a-f]{8}) ")}
    assert sorted(kills) == ["A", "B", "C"], run.describe()
    assert {t.name(e.task): (e.arg, e.value) for e in t.of("fault")} == kills
    ends = {t.name(e.task): timeline.ENDINGS[e.arg] for e in t.of("end")}
    assert ends == {"A": "killed", "B": "killed", "C": "killed", "D": "exited"}
    run.expect(rf"task D: {EXITED}")
    for letter in kills:
        run.expect(rf"task {letter}: {KILLED}")


def first_difference(a, b):
    """Where two timelines part, relative to their first events, or None."""
    for n, (x, y) in enumerate(zip(a.events, b.events)):
        if (x.time - a.start, x.kind, x.task, x.arg, x.value) != \
                (y.time - b.start, y.kind, y.task, y.arg, y.value):
            return f"event {n}: {x} at +{x.time - a.start} against {y} at +{y.time - b.start}"
    if len(a.events) != len(b.events):
        return f"{len(a.events)} events against {len(b.events)}"
    return None


def test_same_cartridge_same_timeline():
    # rtc=off: the clock paces the reader.  QEMU puts the RTC's periodic
    # interrupt on a grid of absolute guest time, and the firmware's boot
    # does not take the same time every run (docs/trace.md#time).
    first = trace_run.record("roundrobin", 60, name="timeline-same-1", config="rtc=off\n")[1]
    second = trace_run.record("roundrobin", 60, name="timeline-same-2", config="rtc=off\n")[1]
    # Something happened: a switch or more a tick, prints, frames.
    assert len(first.of("switch")) > 40 and first.of("service") and first.of("frame")
    assert first_difference(first, second) is None, first_difference(first, second)
    assert json.dumps(chrome_trace(first)) == json.dumps(chrome_trace(second))
