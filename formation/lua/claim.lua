-- Claims step `index` of a running deployment before its provider call, so the
-- call happens at most once however often Celery delivers the step.
-- KEYS: stack, deployment, events, lease, resources, queue
-- ARGV: deployment_id, epoch, index, address, lease_ms, config_hash, mode
--       ('apply' | 'destroy'), retention, event_json, next_message (the task
--       after this step, pushed when the step is skipped; '' for none)
-- Returns 'ok' (claimed: call the provider) | 'skip' (nothing to do; cursor
-- moved on, next task pushed) | 'duplicate' (another delivery owns or owned
-- this step) | 'fenced'
local stack, dep, events, lease, resources = KEYS[1], KEYS[2], KEYS[3], KEYS[4],
                                            KEYS[5]
local did, epoch, index, address = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

if not holds(stack, did, epoch) then return 'fenced' end
local d = redis.call('HMGET', dep, 'status', 'cursor', 'claimed')
if d[1] ~= 'RUNNING' then return 'fenced' end
if d[2] ~= index or d[3] == index then return 'duplicate' end

local t = now_ms()
local raw = redis.call('HGET', resources, address)
local done
if ARGV[7] == 'destroy' then
  done = not raw
else
  local r = raw and cjson.decode(raw)
  done = r and r.config_hash == ARGV[6] and
         (r.status == 'CREATION_COMPLETE' or r.status == 'UPDATE_COMPLETE')
end
if done then
  redis.call('HSET', dep, 'cursor', tonumber(index) + 1, 'waiting_since', t)
  push(KEYS[6], ARGV[10])
  return 'skip'
end

redis.call('HSET', dep, 'claimed', index, 'step_started_at', t)
redis.call('SET', lease, did, 'PX', ARGV[5])
append_event(events, dep, ARGV[8], did, t, decode_event(ARGV[9]))
return 'ok'
