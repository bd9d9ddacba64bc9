-- Judges one deployment that is not final yet, by Redis time and TTLs alone:
-- fails it when its step's lease expired (the worker died or stalled) or when
-- it has waited for a worker longer than the queue limit.
-- KEYS: stack, deployment, events, lease, active, resources
-- ARGV: deployment_id, queue_wait_limit_ms, retention, publish_grace_ms,
--       resume_after_ms, queue_empty ('1' when the broker's queue holds
--       nothing, so no message of this deployment can be waiting there)
-- Returns {'alive'} | {'gone'} | {'lease', step_index} | {'queue'} |
--         {'publish'} (queued, and either no first task is known to have
--         reached the broker after the grace, or the queue is empty and the
--         deployment has waited longer than a lost message takes to come back:
--         the caller publishes its prepare task) |
--         {'resume', cursor} (running, the queue empty, and no step started
--         for longer than a lost message takes to come back: its next message
--         was lost; the caller publishes the task at ``cursor``)
--   A resend waits resume_after_ms again before the next one (``resent_at``),
--   and never while the queue holds a backlog, where the message is most
--   likely only waiting its turn.
--   ({'lease', i} and {'queue'} have already failed the deployment, except that
--   a lease verdict leaves the resource's own records to the caller's next call)
local k = {stack = KEYS[1], deployment = KEYS[2], events = KEYS[3],
           lease = KEYS[4], active = KEYS[5], resources = KEYS[6]}
local did = ARGV[1]

local d = redis.call('HMGET', k.deployment, 'status', 'claimed', 'waiting_since',
                     'enqueued', 'resent_at')
if not d[1] or d[1] == 'COMPLETE' or d[1] == 'FAILED' then
  redis.call('ZREM', k.active, did)
  return {'gone'}
end
if d[2] ~= '' then
  if redis.call('EXISTS', k.lease) == 1 then return {'alive'} end
  return {'lease', d[2]}
end
local t = now_ms()
local waited = t - tonumber(d[3])
if waited > tonumber(ARGV[2]) then
  local status = redis.call('HGET', k.stack, 'status') or ''
  local failed = string.gsub(status, '_IN_PROGRESS$', '_FAILED')
  if not string.find(failed, '_FAILED$') then failed = 'DEPLOYMENT_FAILED' end
  fail_deployment(k, {did = did, retention = ARGV[3], failed_status = failed,
    address = '', resource_json = '', rollback_id = '',
    reason = 'the deployment waited longer than ' ..
             math.floor(tonumber(ARGV[2]) / 1000) .. 's for a worker'})
  return {'queue'}
end
if d[1] == 'QUEUED' and d[4] ~= '1' and waited > tonumber(ARGV[4]) then
  return {'publish'}
end
local quiet = t - math.max(tonumber(d[3]), tonumber(d[5]) or 0)
if ARGV[6] ~= '1' or quiet <= tonumber(ARGV[5]) then return {'alive'} end
redis.call('HSET', k.deployment, 'resent_at', t)
if d[1] == 'QUEUED' then return {'publish'} end
return {'resume', redis.call('HGET', k.deployment, 'cursor')}
