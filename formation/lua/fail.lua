-- Ends a deployment as failed. Every failure path (provider error, time limits,
-- lost worker, reaper, publish failure) comes here; a second call changes nothing.
-- KEYS: stack, deployment, events, lease, active, resources, request
-- ARGV: deployment_id, reason, retention, failed_status, address,
--       resource_json, resource_event_json, forget_request ('1' | '0')
-- Returns 'failed' | 'done' (already final) | 'missing' | 'fenced' (marked
-- failed, but the stack had moved on and was left alone)
local stack, dep, events, lease, active, resources, request =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local did, reason = ARGV[1], ARGV[2]

local d = redis.call('HMGET', dep, 'status', 'epoch')
if not d[1] then return 'missing' end
if d[1] == 'COMPLETE' or d[1] == 'FAILED' then return 'done' end

local t = now_ms()
redis.call('HSET', dep, 'status', 'FAILED', 'finished_at', t, 'reason', reason,
           'claimed', '')
redis.call('ZREM', active, did)
redis.call('DEL', lease)
if ARGV[8] == '1' then redis.call('DEL', request) end
if not holds(stack, did, d[2]) then return 'fenced' end

if ARGV[5] ~= '' and ARGV[6] ~= '' then
  redis.call('HSET', resources, ARGV[5], ARGV[6])
end
local ev = decode_event(ARGV[7])
if ev then append_event(events, dep, ARGV[3], did, t, ev) end
append_event(events, dep, ARGV[3], did, t, {type = 'ERROR', msg = reason})
redis.call('HSET', stack, 'status', ARGV[4], 'status_message', reason,
           'holder', '', 'update_time', t)
return 'failed'
