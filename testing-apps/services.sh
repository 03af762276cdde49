#!/usr/bin/env bash
# Checks (and with `ensure`, starts) the local services the integration tests use:
# PostgreSQL 127.0.0.1:5432, MariaDB 127.0.0.1:3306, RabbitMQ 127.0.0.1:5672.
set -u
mode=${1:-check}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  case "$1" in
    postgresql) pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start ;;
    mariadb) start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd ;;
    rabbitmq) rabbitmq-server -detached ;;
  esac
}

status=0
for service in postgresql:5432 mariadb:3306 rabbitmq:5672; do
  name=${service%%:*}; port=${service##*:}
  if listening "$port"; then
    echo "[services] $name up on 127.0.0.1:$port"
    continue
  fi
  if [ "$mode" = ensure ]; then
    echo "[services] $name down; starting it"
    start "$name" >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do listening "$port" && break; sleep 1; done
  fi
  if listening "$port"; then
    echo "[services] $name up on 127.0.0.1:$port"
  else
    echo "[services] $name NOT reachable on 127.0.0.1:$port"
    status=1
  fi
done
exit $status
