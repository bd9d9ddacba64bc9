-- Renews the lease of a step that is still working.
-- KEYS: stack, lease    ARGV: deployment_id, epoch, lease_ms
-- Returns 1 when renewed, 0 when the deployment no longer holds the stack.
if not holds(KEYS[1], ARGV[1], ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
return 1
