-- Records the result of a claimed step, moves the cursor to the next one and
-- pushes the next task, all at once: a deployment's progress and its next
-- message are never apart.
-- KEYS: stack, deployment, events, lease, resources, queue
-- ARGV: deployment_id, epoch, index, address, resource_json ('' removes the
--       resource), retention, event_json, counter ('added' | 'updated' |
--       'destroyed' | '' for none: the summary's counts), next_message ('' to
--       publish it through Celery)
-- Returns 'ok' | 'duplicate' | 'fenced'
local stack, dep, events, lease, resources = KEYS[1], KEYS[2], KEYS[3], KEYS[4],
                                            KEYS[5]
local did, epoch, index, address = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

if not holds(stack, did, epoch) then return 'fenced' end
local d = redis.call('HMGET', dep, 'status', 'cursor', 'claimed')
if d[1] ~= 'RUNNING' then return 'fenced' end
if d[2] ~= index or d[3] ~= index then return 'duplicate' end

local t = now_ms()
if ARGV[5] == '' then
  redis.call('HDEL', resources, address)
else
  redis.call('HSET', resources, address, ARGV[5])
end
redis.call('HSET', dep, 'cursor', tonumber(index) + 1, 'claimed', '',
           'waiting_since', t)
redis.call('DEL', lease)
if ARGV[8] ~= '' then redis.call('HINCRBY', dep, ARGV[8], 1) end
append_event(events, dep, ARGV[6], did, t, decode_event(ARGV[7]))
push(KEYS[6], ARGV[9])
return 'ok'
