-- Completes a deployment whose every step is done and frees the stack.
-- KEYS: stack, deployment, events, lease, active, outputs
-- ARGV: deployment_id, epoch, outputs_json ('' keeps the outputs), retention,
--       summary, final_status
-- Returns 'ok' | 'fenced' | 'unfinished' (a step is still ahead)
local stack, dep, events, lease, active, outputs =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local did, epoch = ARGV[1], ARGV[2]

if not holds(stack, did, epoch) then return 'fenced' end
local d = redis.call('HMGET', dep, 'status', 'cursor', 'steps')
if d[1] ~= 'RUNNING' then return 'fenced' end
if tonumber(d[2]) ~= #cjson.decode(d[3]) then return 'unfinished' end

local t = now_ms()
if ARGV[3] ~= '' then redis.call('SET', outputs, ARGV[3]) end
redis.call('HSET', dep, 'status', 'COMPLETE', 'finished_at', t)
redis.call('ZREM', active, did)
redis.call('DEL', lease)
append_event(events, dep, ARGV[4], did, t, {type = 'SUMMARY', msg = ARGV[5]})
redis.call('HSET', stack, 'status', ARGV[6], 'status_message', '',
           'holder', '', 'update_time', t)
return 'ok'
