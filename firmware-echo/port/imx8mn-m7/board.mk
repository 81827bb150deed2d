# firmware-echo/port/imx8mn-m7/board.mk - the echo firmware for the i.MX8MN Cortex-M7.
include firmware-echo/port/cortex-m/rules.mk

FW_imx8mn-m7_CPU := -mcpu=cortex-m7 -DRB_CM_M7
FW_imx8mn-m7_SRCS := $(FW_CM_SRCS) $(FW_CM)/imx/imx_port.c  $(FW_PORT_MAIN_SRCS)
FW_imx8mn-m7_FLAGS := -DRB_CM_NUM_IRQS=128 -Ifirmware-echo/port/imx8mn-m7 -I$(FW_CM)/imx $(FW_PORT_INC)
FW_imx8mn-m7_LD := firmware-echo/port/imx8mn-m7/memory.ld
# Budgets: three quarters of each TCM, so the image keeps room to grow.
FW_imx8mn-m7_TEXT_MAX := 98304
FW_imx8mn-m7_DATA_MAX := 98304
$(eval $(call rb_fw_board,imx8mn-m7))
