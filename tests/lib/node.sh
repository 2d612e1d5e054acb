# Sourced by the shell tests (and benches) that run a node. The node listens
# on a port the kernel picks (--port 0): a port the test picked could be taken
# by a test running beside it. The node says which port in its banner line
# "Listening on HOST:PORT", read after every start (a restarted node may get
# another port).
#
# node_start LOG CMD...: runs `CMD... --port 0` in the background (CMD is
#   `restake devnet [flags]` or a script that passes its flags on to it), its
#   stdout and stderr in LOG (stderr in $NODE_ERR instead when that is set),
#   and waits for the banner. Sets NODE_PID, NODE_PORT and NODE_URL
#   (http://HOST:PORT; 127.0.0.1 when the node listens on every address).
#   The wait is bounded by $NODE_START_TICKS ticks of 50 ms (default 1200:
#   60 s, for sanitizer builds on a loaded machine). When the node exits or
#   the time runs out: its output on stderr, the node stopped, return 1.
# node_stop: stops the node started last (SIGTERM) and waits for it.
NODE_PID=
NODE_PORT=
NODE_URL=
node_start() { # log cmd...
  local log=$1 err=${NODE_ERR:-$1} listen
  shift
  # Emptied here, not by the child's redirection (which may come after the
  # first read below): a previous node's banner must not be read back.
  : >"$log"
  [ "$err" = "$log" ] || : >"$err"
  "$@" --port 0 >"$log" 2>>"$err" &
  NODE_PID=$!
  NODE_PORT=
  NODE_URL=
  for _ in $(seq "${NODE_START_TICKS:-1200}"); do
    listen=$(sed -nE 's/^Listening on (.+:[0-9]+)$/\1/p' "$log" | head -1)
    if [ -n "$listen" ]; then
      NODE_PORT=${listen##*:}
      local host=${listen%:*}
      [ "$host" = 0.0.0.0 ] && host=127.0.0.1
      NODE_URL=http://$host:$NODE_PORT
      return 0
    fi
    kill -0 "$NODE_PID" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$NODE_PID" 2>/dev/null; then
    echo "$(basename "$0" .sh): the node did not print its \"Listening on\" line within $((${NODE_START_TICKS:-1200} / 20)) s: $*" >&2
  else
    echo "$(basename "$0" .sh): the node exited before listening: $*" >&2
  fi
  cat "$log" >&2
  [ "$err" = "$log" ] || cat "$err" >&2
  node_stop
  return 1
}
node_stop() {
  if [ -n "$NODE_PID" ]; then
    kill "$NODE_PID" 2>/dev/null || true
    wait "$NODE_PID" 2>/dev/null || true  # a test under set -e goes on
  fi
  NODE_PID=
}
