# GPU call 1: 1B and 4B calibration points through both backends (random weights).
. benchmarks/gpu_setup.sh
B="python3 benchmarks/gpu_trinity.py"
R=$OUT/measurements.jsonl
$B make 1b /tmp/m1b && $B make 4b /tmp/m4b
for args in "unsloth /tmp/m1b 2048 1 --size 1b" "hf /tmp/m1b 2048 1 --size 1b" \
            "unsloth /tmp/m4b 4096 1 --size 4b" "unsloth /tmp/m4b 4096 0 --size 4b" \
            "hf /tmp/m4b 4096 1 --size 4b" "hf /tmp/m4b 2048 0 --size 4b"; do
  echo "== bench $args"
  timeout 170 $B bench $args 2>$OUT/err.log | grep '^{' | tee -a $R || tail -5 $OUT/err.log
done
