# firmware-echo/firmware.mk - the echo firmware: host build and board images.
#
# Board ports add their images in firmware-echo/port/<board>/board.mk.
-include $(wildcard firmware-echo/port/*/board.mk)
