"""The SDK's drawing library on a real screen (issue 16): task A of
tests/carts/gfx_scene draws a fixed scene with every routine of
cartridges/sdk/gfx.h; build/tests/gfx_scene renders the same scene on the
host from the same sources and the same cartridge file; the window must
show the host's picture, pixel for pixel, through the cartridge's palette.
The host unit tests (tests/unit/test_gfx.c) check each routine's rules.
"""

import subprocess

from genesis import BUILD, Cart, after, boot, cart_path, screendump
from console import image, window_screen, windows

DRAWN = r"task A: scene drawn$"
SEED = 2026                              # SCENE_SEED of tests/carts/gfx_scene/common/scene.h


def host_scene():
    out = subprocess.run([str(BUILD / "tests" / "gfx_scene"), cart_path("gfx_scene")],
                         capture_output=True, check=True).stdout
    assert len(out) == 64 * 64
    return list(out)


def xorshift_below(state, n):
    state = state or 0x9E3779B9
    state ^= state << 13 & 0xFFFFFFFF
    state ^= state >> 17
    state ^= state << 5 & 0xFFFFFFFF
    return state, state * n >> 32


def test_the_screen_shows_the_scene_the_host_computes():
    run = boot("gfx-scene", carts=["gfx_scene"], config="exit=never\n", stop_on=DRAWN,
               triggers=[(DRAWN, after(0.5, screendump("scene")))])
    assert not run.timed_out, run.describe()
    cart = Cart("gfx_scene")
    # The scene's one sprite of frame 2 is refused: the cartridge has two.
    run.expect(rf"task A: scene: {len(cart.frames)} frames, 1 sprites refused$")
    shown = window_screen(image(run, "scene"), windows(run)["A"])
    expected = cart.colours(host_scene())
    wrong = [(p % 64, p // 64) for p in range(64 * 64) if shown[p] != expected[p]]
    assert not wrong, f"{len(wrong)} pixels differ from the host's, the first at {wrong[:8]}"
    # The task's own generator, seeded, gives the host's numbers.
    state, numbers = SEED, []
    for n in (100, 100, 100, 1000000):
        state, value = xorshift_below(state, n)
        numbers.append(value)
    run.expect(rf"task A: scene: rnd {' '.join(map(str, numbers))}$")
