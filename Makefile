# The kit's one entry point. `make help` lists the targets.
#
# Each stage describes itself in src/<stage>/module.mk and each lab in
# labs/lab<n>/lab.mk; the rules below are generic over both.

.DEFAULT_GOAL := all
SHELL := /bin/bash
PYTHON := /usr/bin/python3
BUILD := build

STAGES :=
LABS :=
include $(sort $(wildcard src/*/module.mk))
include $(sort $(wildcard labs/*/lab.mk))
-include $(sort $(wildcard mk/*.mk))

# ---------------------------------------------------------------- toolchains
COMMON_SRCS := src/common/kit_diag.c
INC_DIRS := src/port src/common tests $(sort $(foreach s,$(STAGES),$($(s)_INC)))
ALL_HEADERS := $(shell find src tests qemu labs -name '*.h' 2>/dev/null)
# An allocator reuses raw memory as other types, so type-based aliasing
# analysis is switched off everywhere, as in most kernels.
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -fno-strict-aliasing

HOST_CC := gcc
HOST_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O2 -g
HOST_SAN_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O1 -g \
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_PORT := src/port/host/port_host.c
HOST_LIBS := -lpthread

TARGET_CC := arm-none-eabi-gcc
TARGET_ARCH := -mcpu=cortex-m3 -mthumb
TARGET_CFLAGS := -std=c11 $(TARGET_ARCH) $(WARN) -O2 -g -ffunction-sections -fdata-sections \
    --specs=picolibc.specs --oslib=semihost
TARGET_LDFLAGS := -nostartfiles -T qemu/mps2-an385.ld -Wl,--gc-sections
BOARD_SRCS := qemu/startup.c qemu/faults.c qemu/semihost.c qemu/port_target.c
BOARD_INC := qemu

INC := $(addprefix -I,$(INC_DIRS))

# Programs of a stage: $(call host_prog,OUT,SOURCES,CFLAGS) and the target twin.
# Flags that hold commas (-fsanitize=address,undefined) are passed as
# variable references, expanded inside the call, so no comma splits them.
define host_prog
	@mkdir -p $(dir $(1))
	$(HOST_CC) $(3) $(INC) -o $(1) $(2) $(COMMON_SRCS) $(HOST_PORT) $(HOST_LIBS)
endef
define target_prog
	@mkdir -p $(dir $(1))
	$(TARGET_CC) $(TARGET_CFLAGS) $(3) -I$(BOARD_INC) $(INC) $(TARGET_LDFLAGS) -o $(1) \
	    $(2) $(COMMON_SRCS) $(BOARD_SRCS)
endef

# ------------------------------------------------------------ stage programs
# For each stage S: build/host/S/test, build/host-san/S/test, build/target/S/test.elf,
# build/target/S/demo.elf.
define stage_rules
$(BUILD)/host/$(1)/test: $($(1)_TEST) $($(1)_SRCS) $(COMMON_SRCS) $(HOST_PORT) $(ALL_HEADERS)
	$$(call host_prog,$$@,$($(1)_TEST) $($(1)_SRCS),$$(HOST_CFLAGS) $$($(1)_HOST_CFLAGS))
$(BUILD)/host-san/$(1)/test: $($(1)_TEST) $($(1)_SRCS) $(COMMON_SRCS) $(HOST_PORT) $(ALL_HEADERS)
	$$(call host_prog,$$@,$($(1)_TEST) $($(1)_SRCS),$$(HOST_SAN_CFLAGS) $$($(1)_HOST_CFLAGS))
$(BUILD)/target/$(1)/test.elf: $($(1)_TEST) $($(1)_SRCS) $(COMMON_SRCS) $(BOARD_SRCS) $(ALL_HEADERS)
	$$(call target_prog,$$@,$($(1)_TEST) $($(1)_SRCS) $($(1)_TARGET_SRCS),-Werror)
$(BUILD)/target/$(1)/demo.elf: $($(1)_DEMO) $($(1)_SRCS) $(COMMON_SRCS) $(BOARD_SRCS) $(ALL_HEADERS)
	$$(call target_prog,$$@,$($(1)_DEMO) $($(1)_SRCS) $($(1)_TARGET_SRCS),-Werror)
endef
$(foreach s,$(STAGES),$(eval $(call stage_rules,$(s))))

STAGE_PROGRAMS := $(foreach s,$(STAGES),$(BUILD)/host/$(s)/test $(BUILD)/target/$(s)/test.elf \
    $(if $($(s)_DEMO),$(BUILD)/target/$(s)/demo.elf))

# ---------------------------------------------------------------- lab images
# make lab-image LAB=n LAB_ROOT=dir LAB_ELF=file: lab n's graded tests, built
# with each of the lab's files taken from dir when it has one, else from src/
# (mk/labs.mk: the flags, -Og -g, and the sources; HOST=1 builds there too).
LAB_ROOT ?= exercises/lab$(LAB)
LAB_ELF ?= $(BUILD)/lab$(LAB).elf
pick = $(foreach f,$(1),$(if $(wildcard $(LAB_ROOT)/$(f)),$(LAB_ROOT)/$(f),$(f)))
pick_inc = $(foreach d,$(INC_DIRS),$(if $(wildcard $(LAB_ROOT)/$(d)),-I$(LAB_ROOT)/$(d)) -I$(d))

.PHONY: lab-image
lab-image:
	@$(lab_known)
	@mkdir -p $(dir $(LAB_ELF))
	$(TARGET_CC) $(LAB_TARGET_CFLAGS) -I$(BOARD_INC) $(call pick_inc) $(LAB_TARGET_LDFLAGS) -o $(LAB_ELF) \
	    $(lab$(LAB)_TESTS) $(call lab_srcs,board,$($(lab$(LAB)_STAGE)_SRCS) $($(lab$(LAB)_STAGE)_TARGET_SRCS)) \
	    $(COMMON_SRCS) $(BOARD_SRCS)

# ------------------------------------------------------------------- targets
.PHONY: all help setup build demos test grade qemu gdb exercises check-exercises

help:
	@echo "make               set up, build every stage, run the demos in QEMU, build the docs"
	@echo "make test          run every test (host, sanitizers, QEMU, graders, docs checks)"
	@echo "make grade LAB=n   grade exercises/labn in QEMU (REF=1: grade the reference)"
	@echo "make qemu LAB=n    run lab n's tests in QEMU (REF=1: against the reference)"
	@echo "make gdb LAB=n     the same, halted, with gdb-multiarch attached"
	@echo "make docs          build the documentation in English and Chinese"
	@echo "make exercises     regenerate exercises/ from the LAB regions in src/"
	@echo "make bench         measure every allocator (instructions, utilization, overhead)"
	@echo "make trace         replay the shipped traces against every allocator"
	@echo "make heap-pictures draw each allocator's heap as text and SVG"
	@echo "make fuzz          fuzz each allocator for FUZZ_SECONDS (default 60)"

all: setup build demos docs

setup:
	@sh tools/setup.sh all

build: $(STAGE_PROGRAMS)

demos: $(foreach s,$(STAGES),$(if $($(s)_DEMO),$(BUILD)/target/$(s)/demo.elf))
	@for elf in $^; do echo "== $$elf"; qemu/run.sh $$elf || exit 1; done

exercises:
	@$(if $(STUDENT_KIT),echo "make exercises: the student kit has no reference to cut them from" >&2; exit 2)
	$(PYTHON) tools/mkexercise.py $(if $(FORCE),--force)

check-exercises:
	$(PYTHON) tools/mkexercise.py --check

GRADE_ROOT = $(if $(REF),.,$(LAB_ROOT))
grade: setup
	@$(lab_known)
	@$(PYTHON) tools/grade.py $(LAB) --root $(GRADE_ROOT) $(if $(HOST),--host) --json $(RESULTS)

qemu: setup
	@$(lab_known)
	@$(MAKE) -s --no-print-directory lab-image LAB=$(LAB) LAB_ROOT=$(GRADE_ROOT)
	qemu/run.sh $(BUILD)/lab$(LAB).elf $(if $(TEST),-append $(TEST))

GDB_PORT ?= 1234
gdb: setup
	@$(lab_known)
	@$(MAKE) -s --no-print-directory lab-image LAB=$(LAB) LAB_ROOT=$(GRADE_ROOT)
	KIT_TEST=$(TEST) qemu/gdb.sh $(BUILD)/lab$(LAB).elf $(GDB_PORT) $(GDB_ARGS)

# ---------------------------------------------------------------------- test
TALLY := sh tools/tally.sh

test: setup
	@$(TALLY) --reset
	@echo "Stages:"
	@for s in $(STAGES); do \
	    $(TALLY) "host $$s" "$(MAKE) -s $(BUILD)/host/$$s/test && $(BUILD)/host/$$s/test"; \
	    $(TALLY) "host asan+ubsan $$s" "$(MAKE) -s $(BUILD)/host-san/$$s/test && $(BUILD)/host-san/$$s/test"; \
	    $(TALLY) "qemu $$s" "$(MAKE) -s $(BUILD)/target/$$s/test.elf && qemu/run.sh $(BUILD)/target/$$s/test.elf"; \
	done
	@echo "Labs:"
	@$(MAKE) -s --no-print-directory test-labs
	@$(MAKE) -s --no-print-directory test-more
	@$(TALLY) --report

# Fragments add their own checks as prerequisites of test-more.
.PHONY: test-more
test-more:

clean:
	rm -rf $(BUILD)
