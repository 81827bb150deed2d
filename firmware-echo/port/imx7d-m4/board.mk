# firmware-echo/port/imx7d-m4/board.mk - the echo firmware for the i.MX7D Cortex-M4.
include firmware-echo/port/cortex-m/rules.mk

FW_imx7d-m4_CPU := -mcpu=cortex-m4
FW_imx7d-m4_SRCS := $(FW_CM_SRCS) $(FW_CM)/imx/imx_port.c firmware-echo/port/imx7d-m4/boot_vector.c $(FW_PORT_MAIN_SRCS)
FW_imx7d-m4_FLAGS := -DRB_CM_NUM_IRQS=128 -Ifirmware-echo/port/imx7d-m4 -I$(FW_CM)/imx $(FW_PORT_INC)
FW_imx7d-m4_LD := firmware-echo/port/imx7d-m4/memory.ld
# Budgets: three quarters of each TCM, so the image keeps room to grow.
FW_imx7d-m4_TEXT_MAX := 24576
FW_imx7d-m4_DATA_MAX := 24576
$(eval $(call rb_fw_board,imx7d-m4))
