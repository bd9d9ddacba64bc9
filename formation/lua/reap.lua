-- Judges one deployment that is not final yet, by Redis time and TTLs alone:
-- fails it when its step's lease expired (the worker died or stalled) or when
-- it has waited for a worker longer than the queue limit.
-- KEYS: stack, deployment, events, lease, active, resources
-- ARGV: deployment_id, queue_wait_limit_ms, retention, publish_grace_ms,
--       resume_after_ms
-- Returns {'alive'} | {'gone'} | {'lease', step_index} | {'queue'} |
--         {'publish'} (queued for longer than the grace, and no chain is known
--         to have reached the broker: the caller publishes it again) |
--         {'resume', cursor} (running, but no step has started for longer than
--         a lost message takes to come back: the rest of its chain was lost, as
--         when a step's last write or publish failed; the caller publishes the
--         steps from ``cursor`` on, and the wait starts again)
--   ({'lease', i} and {'queue'} have already failed the deployment, except that
--   a lease verdict leaves the resource's own records to the caller's next call)
local k = {stack = KEYS[1], deployment = KEYS[2], events = KEYS[3],
           lease = KEYS[4], active = KEYS[5], resources = KEYS[6]}
local did = ARGV[1]

local d = redis.call('HMGET', k.deployment, 'status', 'claimed', 'waiting_since',
                     'enqueued')
if not d[1] or d[1] == 'COMPLETE' or d[1] == 'FAILED' then
  redis.call('ZREM', k.active, did)
  return {'gone'}
end
if d[2] ~= '' then
  if redis.call('EXISTS', k.lease) == 1 then return {'alive'} end
  return {'lease', d[2]}
end
local waited = now_ms() - tonumber(d[3])
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
if d[1] == 'RUNNING' and waited > tonumber(ARGV[5]) then
  redis.call('HSET', k.deployment, 'waiting_since', now_ms())
  return {'resume', redis.call('HGET', k.deployment, 'cursor')}
end
return {'alive'}
