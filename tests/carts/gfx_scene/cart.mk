# The SDK's drawing library on a real screen (tests/test_gfx.py): task A
# draws a fixed scene, which the test compares pixel by pixel with the one
# build/tests/gfx_scene renders on the host from the same code.
TITLE := Drawing library
