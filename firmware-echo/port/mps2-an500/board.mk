# firmware-echo/port/mps2-an500/board.mk - the echo firmware on QEMU mps2-an500 (Cortex-M7).
include firmware-echo/port/cortex-m/rules.mk

FW_mps2-an500_CPU := -mcpu=cortex-m7 -DRB_CM_M7
FW_mps2-an500_SRCS := $(FW_CM_SRCS) $(FW_CM)/mps2/mps2.c $(FW_PORT_MAIN_SRCS)
FW_mps2-an500_FLAGS := -DRB_CM_NUM_IRQS=32 -Ifirmware-echo/port/mps2-an500 -I$(FW_CM)/mps2 $(FW_PORT_INC)
FW_mps2-an500_LD := firmware-echo/port/mps2-an500/memory.ld
FW_mps2-an500_TEXT_MAX := 262144
FW_mps2-an500_DATA_MAX := 262144
$(eval $(call rb_fw_board,mps2-an500))
