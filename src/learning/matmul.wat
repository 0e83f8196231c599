;; The matrix product at the heart of the course's autograd, in WebAssembly with 128-bit SIMD: out = a · bTᵀ, each
;; out[i, j] the dot product of row i of a [m, k] with row j of bT [n, k], both read along k four floats at a time.
;; Four rows of a are taken against two of bT, their eight sums kept in eight vectors (locals the engine can keep in
;; registers), so each value loaded serves two or four multiplies; at the end each vector's four lanes are added.
;; The sums are added to out [m, n], as the JavaScript kernel adds them. The caller pads: m a multiple of 4, n of 2,
;; k of 4, the padding of k zero. Sums are in float32, as PyTorch's are.
;; Addresses are in bytes. `npm run kernels` turns this file into src/learning/matmulKernel.ts.
(module
  (memory (export "memory") 1)
  (func (export "multiplyTransposed")
    (param $a i32) (param $bT i32) (param $out i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $j i32) (local $p i32) (local $row i32) (local $rowB i32) (local $kBytes i32) (local $o i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $y0 v128) (local $y1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $kBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $o (local.get $out))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $row (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $kBytes))))
      (local.set $j (i32.const 0))
      (block $columnsDone (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $rowB (i32.add (local.get $bT) (i32.mul (local.get $j) (local.get $kBytes))))
        (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
        (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
        (local.set $s20 (v128.const i32x4 0 0 0 0)) (local.set $s21 (v128.const i32x4 0 0 0 0))
        (local.set $s30 (v128.const i32x4 0 0 0 0)) (local.set $s31 (v128.const i32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $dotDone (loop $dot
          (br_if $dotDone (i32.ge_u (local.get $p) (local.get $kBytes)))
          (local.set $y0 (v128.load (i32.add (local.get $rowB) (local.get $p))))
          (local.set $y1 (v128.load (i32.add (i32.add (local.get $rowB) (local.get $kBytes)) (local.get $p))))
          (local.set $x0 (v128.load (i32.add (local.get $row) (local.get $p))))
          (local.set $x1 (v128.load (i32.add (i32.add (local.get $row) (local.get $kBytes)) (local.get $p))))
          (local.set $x2
            (v128.load (i32.add (i32.add (local.get $row) (i32.shl (local.get $kBytes) (i32.const 1))) (local.get $p))))
          (local.set $x3
            (v128.load (i32.add (i32.add (local.get $row) (i32.mul (local.get $kBytes) (i32.const 3))) (local.get $p))))
          (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (local.get $y0))))
          (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (local.get $y1))))
          (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x1) (local.get $y0))))
          (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x1) (local.get $y1))))
          (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x2) (local.get $y0))))
          (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x2) (local.get $y1))))
          (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x3) (local.get $y0))))
          (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x3) (local.get $y1))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br $dot)))
        ;; out[i + r, j] and out[i + r, j + 1] for r = 0..3, rows n floats apart
        (call $add2 (local.get $o) (local.get $n) (i32.const 0) (local.get $s00) (local.get $s01))
        (call $add2 (local.get $o) (local.get $n) (i32.const 1) (local.get $s10) (local.get $s11))
        (call $add2 (local.get $o) (local.get $n) (i32.const 2) (local.get $s20) (local.get $s21))
        (call $add2 (local.get $o) (local.get $n) (i32.const 3) (local.get $s30) (local.get $s31))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $columns)))
      ;; the next four rows of out: three more rows of n floats past the end of this one
      (local.set $o (i32.add (local.get $o) (i32.mul (local.get $n) (i32.const 12))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $rows))))
  ;; the sums of two vectors' lanes, added to out[r, 0] and out[r, 1] counted from `at`, rows n floats apart
  (func $add2 (param $at i32) (param $n i32) (param $r i32) (param $u v128) (param $v v128)
    (local.set $at (i32.add (local.get $at) (i32.shl (i32.mul (local.get $r) (local.get $n)) (i32.const 2))))
    (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (call $lanes (local.get $u))))
    (f32.store offset=4 (local.get $at) (f32.add (f32.load offset=4 (local.get $at)) (call $lanes (local.get $v)))))
  (func $lanes (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v))))))
