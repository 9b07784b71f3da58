;; The counter's self-test (tools/playground/test_count.js): functions whose
;; instruction counts are known by hand. block, loop and end do no work and
;; are not counted.
(module
  ;; sum of n-1 .. 1: 3 instructions, then 9 a turn, then 1: 4 + 9n
  (func $sum (param i32) (result i32)
    (local i32)
    block
      local.get 0
      i32.eqz
      br_if 0
      loop
        local.get 1
        local.get 0
        i32.add
        local.set 1
        local.get 0
        i32.const 1
        i32.sub
        local.tee 0
        br_if 0
      end
    end
    local.get 1)
  ;; 2, then 3 on the if's path or 1 on the else's, then 2: 7 or 5
  (func $pick (param i32) (result i32)
    local.get 0
    if (result i32)
      i32.const 10
      i32.const 1
      i32.add
    else
      i32.const 20
    end
    i32.const 0
    i32.add)
  ;; whatever it runs is not counted
  (func $kit_diag (param i32)
    local.get 0
    call $sum
    drop
    local.get 0
    i32.eqz
    if
      return
    end
    i32.const 7
    call $sum
    drop)
  ;; 8 of its own and sum(3) = 31: 39; the diagnostics count nothing
  (func $outer (result i32)
    i32.const 3
    call $sum
    i32.const 100
    call $kit_diag
    i32.const 0
    call $kit_diag
    i32.const 1
    i32.add)
  (func $pg_icount_now (result i32)
    i32.const 0)
  (export "sum" (func $sum))
  (export "pick" (func $pick))
  (export "outer" (func $outer))
  (export "pg_icount_now" (func $pg_icount_now)))
