# Sourced by the benchmarks that run the packaged twin (from the repository's root).
# copy_twin_jar DIR: packages the twin when its jar is missing, copies the jar into DIR and prints the copy's
# path. The benchmark runs the copy, so a rebuild of the jar during a run cannot pull classes out from under it.
copy_twin_jar() {
  local jar=local/twin/target/sagastack-local.jar
  if [ ! -f "$jar" ]; then
    ./mvnw -B -q -pl local/twin -am package -DskipTests >&2
  fi
  cp "$jar" "$1/sagastack-local.jar"
  echo "$1/sagastack-local.jar"
}
