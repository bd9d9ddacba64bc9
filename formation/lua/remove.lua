-- Removes a stack whose deletion destroyed every resource: the stack is gone.
-- KEYS: stack, deployment, lease, active, resources, events, outputs, stack_names
-- ARGV: deployment_id, epoch, stack_name
-- Returns 'ok' | 'fenced' | 'unfinished'
local stack, dep, lease, active = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local did, epoch = ARGV[1], ARGV[2]

if not holds(stack, did, epoch) then return 'fenced' end
local d = redis.call('HMGET', dep, 'status', 'cursor', 'steps')
if d[1] ~= 'RUNNING' then return 'fenced' end
if tonumber(d[2]) ~= #cjson.decode(d[3]) then return 'unfinished' end

redis.call('HSET', dep, 'status', 'COMPLETE', 'finished_at', now_ms())
redis.call('ZREM', active, did)
redis.call('DEL', lease, stack, KEYS[5], KEYS[6], KEYS[7])
redis.call('ZREM', KEYS[8], ARGV[3])
return 'ok'
