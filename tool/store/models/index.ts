export { Course, type CourseDoc } from './course.js';
export { User, type UserDoc } from './user.js';
export { Enrollment, ENROLLMENT_STATUSES, type EnrollmentDoc } from './enrollment.js';
export { Seminar, SEMINAR_STATUSES, type SeminarDoc, type SeminarStatus } from './seminar.js';
export { Attendance, type AttendanceDoc } from './attendance.js';
export { LaunchState, type LaunchStateDoc } from './launch-state.js';
export { LtiRegistration, type LtiRegistrationDoc } from './lti-registration.js';
