#!/usr/bin/env bash
# Runs the benchmark protocol (P1-P4): builds, packages the JMH jar, runs JMH with -prof gc
# on JDK 17 (and/or JDK 25), runs the PyTorch peer if torch is installed, prints the ratio table.
#
#   benchmarks/run.sh [--quick] [--jdk25 | --both-jdks] [extra JMH arguments...]
#   benchmarks/run.sh --compile-scaling [repeats]   # only the compile-time table (BENCHMARKS.md)
#
# Results: benchmarks/results/jmh-jdk<N>.json, .csv and -ratios.txt, and pytorch.json;
# --compile-scaling writes benchmarks/results/compile-scaling.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
results="$here/results"
jdk17="${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

if [ "${1:-}" = "--compile-scaling" ]; then
    # javac and the processor in one JVM: the processor's classes, its tests' class-file reader
    # (ClassFiles), JavaPoet and ASM on the class path; built in place, never installed
    # (one reactor build: the processor's class path names the runtime it has just built, so
    # nothing needs to be in the local repository)
    (cd "$root" && mvn -q -B -pl benchmarks -am package dependency:build-classpath -DskipTests \
        -Dmdep.outputFile=target/compile-scaling-cp.txt)
    cp="$root/benchmarks/target/classes:$root/processor/target/classes:$root/processor/target/test-classes"
    cp="$cp:$root/runtime/target/classes:$(cat "$root/processor/target/compile-scaling-cp.txt")"
    mkdir -p "$results"
    "$jdk17/bin/java" -cp "$cp" io.chainrule.benchmarks.compile.CompileScaling "${2:-2}" \
        | tee "$results/compile-scaling.md"
    exit 0
fi

quick=false
jdks=("$jdk17")
extra=()
for arg in "$@"; do
    case "$arg" in
        --quick) quick=true ;;
        --jdk25) jdks=("$jdk25") ;;
        --both-jdks) jdks=("$jdk17" "$jdk25") ;;
        *) extra+=("$arg") ;;
    esac
done

if $quick; then
    # about 5 s per configuration (JVM start, 2 x 0.5 s warm-up, 3 x 1 s), 38 configurations: the
    # JMH part took 3 min 5 s on JDK 17. Left out: P3 double, P3 Neuroph (one 2048-example
    # operation takes it 3-16 s), Deeplearning4j (its natives load for seconds in every fork, and
    # one P1 operation takes it 2 s) and the tuning benchmarks (ActivationBenchmark,
    # ShapeThresholdBenchmark, ProductKernelsBenchmark). Run the left-out peers with
    #   java -jar benchmarks/target/chainrule-benchmarks.jar -f 1 -wi 1 -i 3 -w 1s -r 1s -prof gc \
    #       -rf json -rff benchmarks/results/jmh-jdk17-slow-peers.json 'batch(1|32)Neuroph|Dl4j'
    # and pass that file to report.py with --extra (BENCHMARKS.md, "Commands").
    jmh_args=(-f 1 -wi 2 -i 3 -w 500ms -r 1s
        -e 'Dl4j|MnistShapedBenchmark.batch(1|32)(Double|Neuroph)|ActivationBenchmark|ShapeThresholdBenchmark|ProductKernelsBenchmark')
    torch_args=(--quick)
else
    jmh_args=(-f 3 -wi 5 -i 5 -w 2s -r 2s)
    torch_args=()
fi

mkdir -p "$results"
(cd "$root" && mvn -q -DskipTests install -pl benchmarks -am)
jar="$here/target/chainrule-benchmarks.jar"
export CHAINRULE_DATA="${CHAINRULE_DATA:-$(cd "$root/.." && pwd)/shared/data}"

for jdk in "${jdks[@]}"; do
    tag="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    echo "== JMH on JDK $tag ($jdk)"
    # one thread for Deeplearning4j's native pools (OpenMP, OpenBLAS) from the moment its natives
    # load; the JMH forks inherit the environment (the pure-Java systems do not read it)
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$jdk/bin/java" -jar "$jar" "${jmh_args[@]}" -t 1 -prof gc \
        -rf json -rff "$results/jmh-jdk$tag.json" "${extra[@]}"
done

torch_python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c "import torch" 2>/dev/null; then
        torch_python="$candidate"
        break
    fi
done
if [ -n "$torch_python" ]; then
    echo "== PyTorch"
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$torch_python" "$here/pytorch/protocol.py" \
        --data "$CHAINRULE_DATA" --json "$results/pytorch.json" "${torch_args[@]}"
else
    echo "PyTorch not installed (apt-get install python3-torch); Java figures only"
    rm -f "$results/pytorch.json"
fi

for json in "$results"/jmh-jdk[0-9][0-9].json; do
    python3 "$here/report.py" "$json" "$results/pytorch.json" --csv "${json%.json}.csv" --markdown "${json%.json}.md" \
        | tee "${json%.json}-ratios.txt"
done
