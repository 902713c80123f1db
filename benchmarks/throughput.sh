#!/usr/bin/env bash
# Training throughput of the tiny ViT: DJL (production trainer) next to PyTorch eager (Debian's python3-torch) on the
# same architecture and thread count, back to back; appends a run to benchmarks/throughput.md.
# Usage (from anywhere): bash benchmarks/throughput.sh [threads, default 2] [rounds, default 2] [model, default
# vit-tiny-fmnist; deit-small trains DeiT-S's shape at batch 8 on random 224x224 RGB pixels]
# Prerequisite: apt-get install -y python3-torch libopenblas0-openmp
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
rounds="${2:-2}"
model="${3:-vit-tiny-fmnist}"
library_dir=/usr/lib/x86_64-linux-gnu
openmp_blas="$library_dir/openblas-openmp/libblas.so.3"
openmp_lapack="$library_dir/openblas-openmp/liblapack.so.3"

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "Debian's python3-torch is missing: apt-get install -y python3-torch libopenblas0-openmp" >&2
  exit 1
fi
# Debian's torch calls whatever libblas.so.3 the alternatives select; the reference BLAS is ~17x slower for training
# and the pthread OpenBLAS oversubscribes the cores against torch's OpenMP threads.
if [ "$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu)" != "$openmp_blas" ] \
    || [ "$(readlink -f /etc/alternatives/liblapack.so.3-x86_64-linux-gnu)" != "$openmp_lapack" ]; then
  if [ -e "$openmp_blas" ] && [ "$(id -u)" = 0 ]; then
    update-alternatives --set libblas.so.3-x86_64-linux-gnu "$openmp_blas"
    update-alternatives --set liblapack.so.3-x86_64-linux-gnu "$openmp_lapack"
  else
    echo "select OpenBLAS (OpenMP) as libblas/liblapack: apt-get install -y libopenblas0-openmp, then" >&2
    echo "update-alternatives --set libblas.so.3-x86_64-linux-gnu $openmp_blas (and liblapack likewise)" >&2
    exit 1
  fi
fi

./mvnw -q -pl worker -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
export OMP_NUM_THREADS="$threads"
exec java -cp "worker/target/test-classes:worker/target/classes:$(cat worker/target/test.classpath)" \
  org.ranksweep.worker.bench.ThroughputComparison "$threads" "$rounds" "$model"
