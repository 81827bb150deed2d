# firmware-echo/port/imx8mm-m4/board.mk - the echo firmware for the i.MX8MM Cortex-M4.
include firmware-echo/port/cortex-m/rules.mk

FW_imx8mm-m4_CPU := -mcpu=cortex-m4
FW_imx8mm-m4_SRCS := $(FW_CM_SRCS) $(FW_CM)/imx/imx_port.c  $(FW_PORT_MAIN_SRCS)
FW_imx8mm-m4_FLAGS := -DRB_CM_NUM_IRQS=128 -Ifirmware-echo/port/imx8mm-m4 -I$(FW_CM)/imx $(FW_PORT_INC)
FW_imx8mm-m4_LD := firmware-echo/port/imx8mm-m4/memory.ld
# Budgets: three quarters of each TCM, so the image keeps room to grow.
FW_imx8mm-m4_TEXT_MAX := 98304
FW_imx8mm-m4_DATA_MAX := 98304
$(eval $(call rb_fw_board,imx8mm-m4))
