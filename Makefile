# The kit's one entry point. `make help` lists the targets.
#
# Read in this order: the toolchains; what each part of the tree declares
# (src/<dir>/module.mk for the common code, the port and each stage, read in
# the order the stages build on each other, then labs/<n>/lab.mk for each
# lab); the rules generic over the stages; the trace pipeline's traces and
# adapters; the lab images; the targets; and last the fragments in mk/
# (docs, bench, trace, fuzz, ...), which may use everything above.
# docs/contributing.rst says where a new source file, stage or lab goes.

.DEFAULT_GOAL := all
SHELL := /bin/bash
PYTHON := /usr/bin/python3
BUILD := build

# ---------------------------------------------------------------- toolchains
# An allocator reuses raw memory as other types, so type-based aliasing
# analysis is switched off everywhere, as in most kernels.
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -fno-strict-aliasing

HOST_CC := gcc
HOST_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O2 -g
HOST_SAN_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O1 -g \
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TSAN_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O1 -g -fsanitize=thread
HOST_LIBS := -lpthread

TARGET_CC := arm-none-eabi-gcc
TARGET_ARCH := -mcpu=cortex-m3 -mthumb
TARGET_CFLAGS := -std=c11 $(TARGET_ARCH) $(WARN) -O2 -g -ffunction-sections -fdata-sections \
    --specs=picolibc.specs --oslib=semihost
TARGET_LDFLAGS := -nostartfiles -T qemu/mps2-an385.ld -Wl,--gc-sections

# Programs: $(call host_prog,OUT,SOURCES,CFLAGS) and the target twin link
# SOURCES with the common sources and the port of their side (COMMON_SRCS,
# HOST_PORT, BOARD_SRCS: src/common/module.mk, src/port/module.mk).
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

# ------------------------------------------------ the port, the stages, the labs
# Each src/<dir>/module.mk names the sources of its folder. A stage's file
# adds its name to STAGES and sets, for a stage NAME:
#   NAME_SRCS          its sources and those of the layers it builds on
#   NAME_INC           the folders of its headers
#   NAME_TEST          its unit tests (tests/unit/), NAME_DEMO its demo, if any
#   NAME_HOST_SRCS     port sources its host programs need besides HOST_PORT
#   NAME_TARGET_SRCS   the same for its board images (besides BOARD_SRCS)
#   NAME_DEPS          other files its sources #include (headers need not be named)
# and may add its name to TSAN_STAGES (a ThreadSanitizer build of its tests)
# and rules of its own. The files are read in this order, each after those
# whose variables it uses: common and port first, then the stages.
MODULES := common port block membox freelist tlsf kheap kmalloc
STAGES :=
TSAN_STAGES :=
LABS :=
ALL_HEADERS := $(shell find src tests qemu labs -name '*.h' 2>/dev/null)
# What every host program and every board image depends on besides its own
# sources (recursive: COMMON_SRCS and the port's lists are set by the first
# two module.mk files).
HOST_DEPS = $(COMMON_SRCS) $(HOST_PORT) $(ALL_HEADERS)
TARGET_DEPS = $(COMMON_SRCS) $(BOARD_SRCS) $(ALL_HEADERS) qemu/mps2-an385.ld
include $(foreach m,$(MODULES),src/$(m)/module.mk)
include $(sort $(wildcard labs/*/lab.mk))

INC_DIRS := $(PORT_INC) $(COMMON_INC) tests $(sort $(foreach s,$(STAGES),$($(s)_INC)))
INC := $(addprefix -I,$(INC_DIRS))

# ------------------------------------------------------------ stage programs
# For each stage S: build/host/S/test, build/host-san/S/test, build/target/S/test.elf,
# build/target/S/demo.elf, and build/tsan/S/test (run for the stages in TSAN_STAGES).
define stage_rules
$(BUILD)/host/$(1)/test: $($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS) $($(1)_DEPS) $(HOST_DEPS)
	$$(call host_prog,$$@,$($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS),$$(HOST_CFLAGS) $$($(1)_HOST_CFLAGS))
$(BUILD)/host-san/$(1)/test: $($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS) $($(1)_DEPS) $(HOST_DEPS)
	$$(call host_prog,$$@,$($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS),$$(HOST_SAN_CFLAGS) $$($(1)_HOST_CFLAGS))
$(BUILD)/tsan/$(1)/test: $($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS) $($(1)_DEPS) $(HOST_DEPS)
	$$(call host_prog,$$@,$($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS),$$(TSAN_CFLAGS) $$($(1)_HOST_CFLAGS))
$(BUILD)/target/$(1)/test.elf: $($(1)_TEST) $($(1)_SRCS) $($(1)_TARGET_SRCS) $($(1)_DEPS) $(TARGET_DEPS)
	$$(call target_prog,$$@,$($(1)_TEST) $($(1)_SRCS) $($(1)_TARGET_SRCS),-Werror)
$(BUILD)/target/$(1)/demo.elf: $($(1)_DEMO) $($(1)_SRCS) $($(1)_TARGET_SRCS) $($(1)_DEPS) $(TARGET_DEPS)
	$$(call target_prog,$$@,$($(1)_DEMO) $($(1)_SRCS) $($(1)_TARGET_SRCS),-Werror)
endef
$(foreach s,$(STAGES),$(eval $(call stage_rules,$(s))))

STAGE_PROGRAMS := $(foreach s,$(STAGES),$(BUILD)/host/$(s)/test $(BUILD)/target/$(s)/test.elf \
    $(if $($(s)_DEMO),$(BUILD)/target/$(s)/demo.elf))

# A step of `make test`: the ThreadSanitizer builds.
.PHONY: test-tsan
test-more: test-tsan
test-tsan:
	@for s in $(TSAN_STAGES); do \
	    $(TALLY) "tsan $$s" "$(MAKE) -s $(BUILD)/tsan/$$s/test && TSAN_OPTIONS=halt_on_error=1 $(BUILD)/tsan/$$s/test"; \
	done

# ------------------------------------------------------------ trace pipeline
# The traces and the adapters of tools/trace/, which the trace tool
# (mk/trace.mk) and the benchmark (mk/bench.mk) both replay. A trace is
# tools/trace/traces/NAME.trace, written by tools/trace/gen_trace.py; an
# adapter, tools/trace/adapt_NAME.c, puts the stage NAME behind the tool's
# interface (tools/trace/trace.h), and the programs that replay it link the
# stage's sources, so a new adapter is one file. adapt_libc.c, the C
# library's malloc, is the benchmark's alone: it keeps its own heap, so the
# trace tool, which sizes pools, cannot measure it (and it is no stage).
TRACE_DIR := tools/trace
# The shipped traces, in the order the benchmark replays them: the C
# library's malloc keeps its heap from one trace to the next, so its figures
# depend on the order. A trace not named here comes after these, by name.
TRACE_ORDER := fifo lifo loguniform-mixed phased-fragmenting realloc-heavy uniform-small \
    holes mixed ramp realloc
TRACE_FILES := $(wildcard $(patsubst %,$(TRACE_DIR)/traces/%.trace,$(TRACE_ORDER)))
TRACE_FILES += $(filter-out $(TRACE_FILES),$(sort $(wildcard $(TRACE_DIR)/traces/*.trace)))

# The adapters of the stages this tree builds, and what they link.
TRACE_ADAPTERS := $(filter $(STAGES),$(patsubst $(TRACE_DIR)/adapt_%.c,%,$(sort $(wildcard $(TRACE_DIR)/adapt_*.c))))
TRACE_ADAPTER_SRCS := $(foreach a,$(TRACE_ADAPTERS),$(TRACE_DIR)/adapt_$(a).c)
TRACE_STAGE_SRCS := $(sort $(foreach a,$(TRACE_ADAPTERS),$($(a)_SRCS)))
TRACE_HOST_SRCS := $(sort $(foreach a,$(TRACE_ADAPTERS),$($(a)_HOST_SRCS)))
TRACE_TARGET_SRCS := $(sort $(foreach a,$(TRACE_ADAPTERS),$($(a)_TARGET_SRCS)))

# The trace tool over all of them: its sources and flags, the adapters as
# X(name) each and the traces it replays when it is given no file.
trace_adapters_flag = -DTRACE_ADAPTERS='$(foreach a,$(1),X($(a)))'
trace_files_flag = -DTRACE_DEFAULT_FILES='$(foreach f,$(1),"$(f)",)'
TRACE_SRCS := $(TRACE_DIR)/trace.c $(TRACE_ADAPTER_SRCS) $(TRACE_STAGE_SRCS)
TRACE_CFLAGS := -I$(TRACE_DIR) $(call trace_adapters_flag,$(TRACE_ADAPTERS)) \
    $(call trace_files_flag,$(TRACE_FILES))

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
	@echo "make index-sweep   stage 3's utilization and control structure for each variant of its index, on the board"
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

# ----------------------------------------------------------------- fragments
# Every mk/*.mk, read last: each may use any variable and rule above, and
# adds its own checks to `make test` as prerequisites of test-more.
include $(sort $(wildcard mk/*.mk))
