-- Ends a deployment as failed. Every failure path (provider error, time limits,
-- lost worker, reaper, publish failure) comes here; a second call changes nothing.
-- KEYS: stack, deployment, events, lease, active, resources, request,
--       rollback deployment, epoch, queue
-- ARGV: deployment_id, reason, retention, failed_status, address,
--       resource_json, resource_event_json, forget_request ('1' | '0'),
--       rollback_id ('' for none), rollback_steps_json, message (the
--       rollback's first task, '' to publish it through Celery)
-- Returns what fail_deployment returns (see prelude.lua).
if ARGV[8] == '1' then redis.call('DEL', KEYS[7]) end
return fail_deployment(
  {stack = KEYS[1], deployment = KEYS[2], events = KEYS[3], lease = KEYS[4],
   active = KEYS[5], resources = KEYS[6], rollback = KEYS[8], epoch = KEYS[9],
   queue = KEYS[10]},
  {did = ARGV[1], reason = ARGV[2], retention = ARGV[3], failed_status = ARGV[4],
   address = ARGV[5], resource_json = ARGV[6], event = decode_event(ARGV[7]),
   rollback_id = ARGV[9], rollback_steps = ARGV[10], push = ARGV[11]})
