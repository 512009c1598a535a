# Shows the pad and logs every press, so a test can press each documented
# key and read which button it reached.
TITLE := Console pad
