# firmware-echo/firmware.mk - the echo firmware: host build and board images.
