// Pages outside the signed-in shell: sign-up, login and accepting an invitation.
import type { Feature } from "@/app/feature";
import { AcceptInvitationPage } from "./AcceptInvitationPage";
import { LoginPage } from "./LoginPage";
import { SignupPage } from "./SignupPage";

export const feature: Feature = {
  publicRoutes: [
    { path: "/login", element: <LoginPage /> },
    { path: "/signup", element: <SignupPage /> },
    { path: "/invitations/accept", element: <AcceptInvitationPage /> },
  ],
};
