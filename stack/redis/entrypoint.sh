#!/bin/sh
# Writes the ACL file from secret files (printf is a shell builtin: the passwords never appear in a
# process list), then starts redis-server with the persistence mode chosen by REDIS_PERSISTENCE.
set -eu
secrets=${SECRETS_DIR:-/run/secrets}
acl_dir=${REDIS_ACL_DIR:-/var/lib/redis-acl}
admin_pw=$(cat "$secrets/redis_password")
app_pw=$(cat "$secrets/redis_app_password")
umask 077
# The app user cannot flush, reconfigure, debug or shut the server down.
printf 'user default on >%s ~* &* +@all\nuser app on >%s ~* &* +@all -flushall -flushdb -config -debug -shutdown -acl -monitor -module -replicaof -slaveof -failover -save -bgsave -bgrewriteaof -swapdb -migrate -restore -cluster -sync -psync\n' \
  "$admin_pw" "$app_pw" > "$acl_dir/users.acl"
unset admin_pw app_pw
case "${REDIS_PERSISTENCE:-none}" in
  none) set -- --save "" --appendonly no "$@" ;;
  rdb) set -- --save "1 1" --appendonly no "$@" ;;
  aof-everysec) set -- --save "" --appendonly yes --appendfsync everysec "$@" ;;
  aof-always) set -- --save "" --appendonly yes --appendfsync always "$@" ;;
  *) echo "REDIS_PERSISTENCE must be none, rdb, aof-everysec or aof-always (got ${REDIS_PERSISTENCE})" >&2; exit 64 ;;
esac
exec redis-server /etc/xnai/redis.conf --aclfile "$acl_dir/users.acl" "$@"
